;; function 0
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-10h]
   c: cmp rcx,[rax+8]
  10: jb 000000000000003Eh
  16: sub rsp,10h
  1a: mov [rbp-8],r14
  1e: mov esi,[rbp+10h]
  21: rorx edi,esi,2
  27: rorx r8d,esi,0Dh
  2d: xor edi,r8d
  30: rol esi,0Ah
  33: xor edi,esi
  35: mov [rbp+10h],rdi
  39: mov rsp,rbp
  3c: pop rbp
  3d: ret
  3e: mov esi,0Ah
  43: mov rdi,[r14]
  46: call qword ptr [rdi+10h]
;; function 1
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-10h]
   c: cmp rcx,[rax+8]
  10: jb 0000000000000035h
  16: sub rsp,10h
  1a: mov [rbp-8],r14
  1e: mov rsi,[rbp+10h]
  22: rorx rdi,rsi,2Fh
  28: mov [rbp+10h],rdi
  2c: mov [rbp+18h],rsi
  30: mov rsp,rbp
  33: pop rbp
  34: ret
  35: mov esi,0Ah
  3a: mov rdi,[r14]
  3d: call qword ptr [rdi+10h]
;; function 2
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-10h]
   c: cmp rcx,[rax+8]
  10: jb 0000000000000047h
  16: sub rsp,10h
  1a: mov [rbp-8],r14
  1e: mov rsi,[rbp+10h]
  22: mov rdi,[rbp+18h]
  26: shlx r8,rsi,rdi
  2b: shrx r9,rsi,rdi
  30: add r8,r9
  33: sarx rsi,rsi,rdi
  38: add rsi,rdi
  3b: add rsi,r8
  3e: mov [rbp+10h],rsi
  42: mov rsp,rbp
  45: pop rbp
  46: ret
  47: mov esi,0Ah
  4c: mov rdi,[r14]
  4f: call qword ptr [rdi+10h]
