;; function 0
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-30h]
   c: cmp rcx,[rax+8]
  10: jb 000000000000007Dh
  16: sub rsp,30h
  1a: mov [rbp-8],r14
  1e: mov [rbp-10h],rbx
  22: mov [rbp-18h],r12
  26: mov [rbp-20h],r13
  2a: mov ebx,[rbp+10h]
  2d: xor r12d,r12d
  30: xor r13d,r13d
  33: nop [rax+rax]
  3c: nop [rax]
  40: cmp r12d,ebx
  43: jae 0000000000000068h
  49: mov [rsp],r12
  4d: mov rax,[r14+28h]
  51: mov r14,[rax+8]
  55: call qword ptr [rax]
  57: mov r14,[rbp-8]
  5b: mov r9d,[rsp]
  5f: add r13d,r9d
  62: add r12d,1
  66: jmp short 0000000000000040h
  68: mov [rbp+10h],r13
  6c: mov rbx,[rbp-10h]
  70: mov r12,[rbp-18h]
  74: mov r13,[rbp-20h]
  78: mov rsp,rbp
  7b: pop rbp
  7c: ret
  7d: mov esi,0Ah
  82: mov rdi,[r14]
  85: call qword ptr [rdi+10h]
