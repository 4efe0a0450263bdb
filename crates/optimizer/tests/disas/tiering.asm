;; function 0
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-20h]
   c: cmp rcx,[rax+8]
  10: jb 000000000000005Ah
  16: sub rsp,20h
  1a: mov [rbp-8],r14
  1e: mov r15,[r14+8]
  22: mov ebx,[rbp+10h]
  25: mov [rsp],rbx
  29: mov r11,[r14+48h]
  2d: lea r11,[r11+8]
  31: call qword ptr [r11]
  34: mov r10d,[rsp]
  38: mov [rsp],r10
  3c: mov rax,[r14+28h]
  40: mov r14,[rax+8]
  44: call qword ptr [rax]
  46: mov r14,[rbp-8]
  4a: mov r15,[r14+8]
  4e: mov edx,[rsp]
  51: mov [rbp+10h],rdx
  55: mov rsp,rbp
  58: pop rbp
  59: ret
  5a: mov esi,0Ah
  5f: mov rdi,[r14]
  62: call qword ptr [rdi+10h]
;; function 1
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-10h]
   c: cmp rcx,[rax+8]
  10: jb 0000000000000061h
  16: sub rsp,10h
  1a: mov [rbp-8],r14
  1e: mov r15,[r14+8]
  22: mov r13d,[rbp+10h]
  26: xor r8d,r8d
  29: mov r12d,4
  2f: mov edx,[r15+r12]
  33: add r8d,edx
  36: add r12d,0FFFFFFFFh
  3a: test r12d,r12d
  3d: jne short 000000000000002Fh
  3f: mov [r15+r13+40h],r8d
  44: mov edx,[r15+r13+80h]
  4c: xor r8d,edx
  4f: add r13d,0FFFFFFFFh
  53: test r13d,r13d
  56: jne short 0000000000000029h
  58: mov [rbp+10h],r8
  5c: mov rsp,rbp
  5f: pop rbp
  60: ret
  61: mov esi,0Ah
  66: mov rdi,[r14]
  69: call qword ptr [rdi+10h]
