;; function 0
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-10h]
   c: cmp rcx,[rax+8]
  10: jb 0000000000000050h
  16: sub rsp,10h
  1a: mov [rbp-8],r14
  1e: mov r12d,[rbp+10h]
  22: mov r8,[r14]
  25: mov r8,[r8+30h]
  29: mov ecx,[r8-10h]
  2d: mov r13d,[r8-18h]
  31: mov edx,[r8-20h]
  35: add ecx,r12d
  38: add r12d,0FFFFFFFFh
  3c: test r12d,r12d
  3f: jne short 0000000000000035h
  41: add edx,r13d
  44: lea ebx,[rdx+rcx]
  47: mov [rbp+10h],rbx
  4b: mov rsp,rbp
  4e: pop rbp
  4f: ret
  50: mov esi,0Ah
  55: mov rdi,[r14]
  58: call qword ptr [rdi+10h]
