;; function 0
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-10h]
   c: cmp rcx,[rax+8]
  10: jb 000000000000005Ah
  16: sub rsp,10h
  1a: mov [rbp-8],r14
  1e: mov edx,[rbp+10h]
  21: mov r9,[r14]
  24: mov r9,[r9+30h]
  28: mov esi,[r9-10h]
  2c: mov eax,[r9-18h]
  30: mov edi,[r9-20h]
  34: nop [rax+rax]
  3d: nop [rax]
  40: add esi,edx
  42: add edx,0FFFFFFFFh
  45: test edx,edx
  47: jne short 0000000000000040h
  49: lea r10d,[rax+rdi]
  4d: lea edx,[r10+rsi]
  51: mov [rbp+10h],rdx
  55: mov rsp,rbp
  58: pop rbp
  59: ret
  5a: mov esi,0Ah
  5f: mov rdi,[r14]
  62: call qword ptr [rdi+10h]
