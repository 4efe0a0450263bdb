;; function 0
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-30h]
   c: cmp rcx,[rax+8]
  10: jb 0000000000000070h
  16: sub rsp,30h
  1a: mov [rbp-8],r14
  1e: mov [rbp-10h],rbx
  22: mov [rbp-18h],r12
  26: mov [rbp-20h],r13
  2a: mov ebx,[rbp+10h]
  2d: xor r12d,r12d
  30: xor r13d,r13d
  33: cmp r12d,ebx
  36: jae 000000000000005Bh
  3c: mov [rsp],r12
  40: mov rax,[r14+28h]
  44: mov r14,[rax+8]
  48: call qword ptr [rax]
  4a: mov r14,[rbp-8]
  4e: mov r9d,[rsp]
  52: add r13d,r9d
  55: add r12d,1
  59: jmp short 0000000000000033h
  5b: mov [rbp+10h],r13
  5f: mov rbx,[rbp-10h]
  63: mov r12,[rbp-18h]
  67: mov r13,[rbp-20h]
  6b: mov rsp,rbp
  6e: pop rbp
  6f: ret
  70: mov esi,0Ah
  75: mov rdi,[r14]
  78: call qword ptr [rdi+10h]
