;; function 0
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-10h]
   c: cmp rcx,[rax+8]
  10: jb 0000000000000069h
  16: sub rsp,10h
  1a: mov [rbp-8],r14
  1e: mov r15,[r14+8]
  22: mov esi,[rbp+10h]
  25: mov rdi,[rbp+18h]
  29: mov r8,[rbp+20h]
  2d: mov r9,[rbp+28h]
  31: mov rcx,rdi
  34: nop [rax+rax]
  3d: nop [rax]
  40: mov rdi,rcx
  43: shr rdi,5
  47: lea edi,[rsi+rdi*4]
  4a: mov r10d,[r15+rdi]
  4e: mov edx,1
  53: shl edx,cl
  55: or r10d,edx
  58: mov [r15+rdi],r10d
  5c: add rcx,r8
  5f: cmp rcx,r9
  62: jle short 0000000000000040h
  64: mov rsp,rbp
  67: pop rbp
  68: ret
  69: mov esi,0Ah
  6e: mov rdi,[r14]
  71: call qword ptr [rdi+10h]
;; function 1
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-10h]
   c: cmp rcx,[rax+8]
  10: jb 0000000000000031h
  16: sub rsp,10h
  1a: mov [rbp-8],r14
  1e: mov r15,[r14+8]
  22: mov rsi,[rbp+10h]
  26: mov eax,esi
  28: mov [rbp+10h],rax
  2c: mov rsp,rbp
  2f: pop rbp
  30: ret
  31: mov esi,0Ah
  36: mov rdi,[r14]
  39: call qword ptr [rdi+10h]
;; function 2
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-10h]
   c: cmp rcx,[rax+8]
  10: jb 0000000000000035h
  16: sub rsp,10h
  1a: mov [rbp-8],r14
  1e: mov r15,[r14+8]
  22: mov rsi,[rbp+10h]
  26: mov esi,esi
  28: mov eax,[r15+rsi]
  2c: mov [rbp+10h],rax
  30: mov rsp,rbp
  33: pop rbp
  34: ret
  35: mov esi,0Ah
  3a: mov rdi,[r14]
  3d: call qword ptr [rdi+10h]
