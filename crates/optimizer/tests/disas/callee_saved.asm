;; function 0
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-30h]
   c: cmp rcx,[rax+8]
  10: jb 0000000000000080h
  16: sub rsp,30h
  1a: mov [rbp-8],r14
  1e: mov [rbp-10h],rbx
  22: mov [rbp-18h],r12
  26: mov [rbp-20h],r13
  2a: mov eax,[rbp+10h]
  2d: mov rbx,rax
  30: xor eax,eax
  32: xor esi,esi
  34: mov r12,rsi
  37: mov r13,rax
  3a: nop [rax+rax]
  40: cmp r13d,ebx
  43: jae 0000000000000068h
  49: mov [rsp],r13
  4d: mov rax,[r14+28h]
  51: mov r14,[rax+8]
  55: call qword ptr [rax]
  57: mov r14,[rbp-8]
  5b: lea rsp,[rbp-30h]
  5f: add r12d,eax
  62: add r13d,1
  66: jmp short 0000000000000040h
  68: mov rax,r12
  6b: mov [rbp+10h],rax
  6f: mov rbx,[rbp-10h]
  73: mov r12,[rbp-18h]
  77: mov r13,[rbp-20h]
  7b: mov rsp,rbp
  7e: pop rbp
  7f: ret
  80: mov esi,0Ah
  85: mov rdi,[r14]
  88: call qword ptr [rdi+10h]
