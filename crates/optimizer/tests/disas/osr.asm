;; function 0
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-10h]
   c: cmp rcx,[rax+8]
  10: jb 000000000000004Eh
  16: sub rsp,10h
  1a: mov [rbp-8],r14
  1e: mov edx,[rbp+10h]
  21: mov r9,[r14]
  24: mov r9,[r9+30h]
  28: mov esi,[r9-10h]
  2c: mov eax,[r9-18h]
  30: mov edi,[r9-20h]
  34: add esi,edx
  36: add edx,0FFFFFFFFh
  39: test edx,edx
  3b: jne short 0000000000000034h
  3d: lea r10d,[rax+rdi]
  41: lea edx,[r10+rsi]
  45: mov [rbp+10h],rdx
  49: mov rsp,rbp
  4c: pop rbp
  4d: ret
  4e: mov esi,0Ah
  53: mov rdi,[r14]
  56: call qword ptr [rdi+10h]
