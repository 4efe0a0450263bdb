;; function 0
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-30h]
   c: cmp rcx,[rax+8]
  10: jb 0000000000000081h
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
  43: jae 000000000000006Ch
  49: mov [rsp],r12
  4d: mov rax,[r14+28h]
  51: mov r14,[rax+8]
  55: call qword ptr [rax]
  57: mov r14,[rbp-8]
  5b: mov r9d,[rsp]
  5f: lea rsp,[rbp-30h]
  63: add r13d,r9d
  66: add r12d,1
  6a: jmp short 0000000000000040h
  6c: mov [rbp+10h],r13
  70: mov rbx,[rbp-10h]
  74: mov r12,[rbp-18h]
  78: mov r13,[rbp-20h]
  7c: mov rsp,rbp
  7f: pop rbp
  80: ret
  81: mov esi,0Ah
  86: mov rdi,[r14]
  89: call qword ptr [rdi+10h]
