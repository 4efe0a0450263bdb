;; function 0
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-10h]
   c: cmp rcx,[rax+8]
  10: jb 0000000000000041h
  16: sub rsp,10h
  1a: mov [rbp-8],r14
  1e: mov esi,[rbp+10h]
  21: rorx edi,esi,2
  27: rorx r8d,esi,0Dh
  2d: xor edi,r8d
  30: rol esi,0Ah
  33: mov rax,rdi
  36: xor eax,esi
  38: mov [rbp+10h],rax
  3c: mov rsp,rbp
  3f: pop rbp
  40: ret
  41: mov esi,0Ah
  46: mov rdi,[r14]
  49: call qword ptr [rdi+10h]
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
  22: rorx rax,rsi,2Fh
  28: mov [rbp+10h],rax
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
  10: jb 0000000000000048h
  16: sub rsp,10h
  1a: mov [rbp-8],r14
  1e: mov rsi,[rbp+10h]
  22: mov rdi,[rbp+18h]
  26: shlx r8,rsi,rdi
  2b: shrx r9,rsi,rdi
  30: add r8,r9
  33: sarx rsi,rsi,rdi
  38: add rsi,rdi
  3b: lea rax,[r8+rsi]
  3f: mov [rbp+10h],rax
  43: mov rsp,rbp
  46: pop rbp
  47: ret
  48: mov esi,0Ah
  4d: mov rdi,[r14]
  50: call qword ptr [rdi+10h]
