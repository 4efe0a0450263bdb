;; function 0
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-10h]
   c: cmp rcx,[rax+8]
  10: jb 0000000000000063h
  16: sub rsp,10h
  1a: mov [rbp-8],r14
  1e: mov r15,[r14+8]
  22: mov ebx,[rbp+10h]
  25: mov r11,[r14+10h]
  29: mov r11,[r11+8]
  2d: mov r9,[r11]
  30: mov r11,[r14+10h]
  34: mov r11,[r11+10h]
  38: mov r13,[r11]
  3b: xor r10d,r10d
  3e: cmp r10d,ebx
  41: jae 0000000000000056h
  47: mov eax,[r9+r10]
  4b: mov [r13+r10],eax
  50: add r10d,4
  54: jmp short 000000000000003Eh
  56: mov r12d,[r15+rbx]
  5a: mov [rbp+10h],r12
  5e: mov rsp,rbp
  61: pop rbp
  62: ret
  63: mov esi,0Ah
  68: mov rdi,[r14]
  6b: call qword ptr [rdi+10h]
