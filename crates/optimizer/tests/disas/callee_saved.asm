;; function 0
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-30h]
   c: cmp rcx,[rax+8]
  10: jb 0000000000000082h
  16: sub rsp,30h
  1a: mov [rbp-8],r14
  1e: mov [rbp-10h],rbx
  22: mov [rbp-18h],r12
  26: mov [rbp-20h],r13
  2a: mov rbx,rsi
  2d: xor eax,eax
  2f: xor edi,edi
  31: mov r12,rax
  34: mov r13,rdi
  37: nop [rax+rax]
  40: cmp r12d,ebx
  43: jae 000000000000006Eh
  49: mov [rsp],r12
  4d: mov rsi,r12
  50: mov rax,[r14+28h]
  54: mov rdx,r14
  57: mov r14,[rax+8]
  5b: call qword ptr [rax]
  5d: mov r14,[rbp-8]
  61: lea rsp,[rbp-30h]
  65: add r13d,eax
  68: add r12d,1
  6c: jmp short 0000000000000040h
  6e: mov rax,r13
  71: mov rbx,[rbp-10h]
  75: mov r12,[rbp-18h]
  79: mov r13,[rbp-20h]
  7d: mov rsp,rbp
  80: pop rbp
  81: ret
  82: mov esi,0Ah
  87: mov rdi,[r14]
  8a: call qword ptr [rdi+10h]
