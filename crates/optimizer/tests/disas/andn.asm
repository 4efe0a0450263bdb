;; function 0
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-10h]
   c: cmp rcx,[rax+8]
  10: jb 000000000000003Fh
  16: sub rsp,10h
  1a: mov [rbp-8],r14
  1e: mov esi,[rbp+10h]
  21: mov edi,[rbp+18h]
  24: mov r8d,[rbp+20h]
  28: mov r9,rsi
  2b: and r9d,edi
  2e: andn esi,esi,r8d
  33: xor r9d,esi
  36: mov [rbp+10h],r9
  3a: mov rsp,rbp
  3d: pop rbp
  3e: ret
  3f: mov esi,0Ah
  44: mov rdi,[r14]
  47: call qword ptr [rdi+10h]
;; function 1
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-10h]
   c: cmp rcx,[rax+8]
  10: jb 0000000000000034h
  16: sub rsp,10h
  1a: mov [rbp-8],r14
  1e: mov rsi,[rbp+10h]
  22: mov rdi,[rbp+18h]
  26: andn rsi,rsi,rdi
  2b: mov [rbp+10h],rsi
  2f: mov rsp,rbp
  32: pop rbp
  33: ret
  34: mov esi,0Ah
  39: mov rdi,[r14]
  3c: call qword ptr [rdi+10h]
;; function 2
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-10h]
   c: cmp rcx,[rax+8]
  10: jb 000000000000003Dh
  16: sub rsp,10h
  1a: mov [rbp-8],r14
  1e: mov esi,[rbp+10h]
  21: mov edi,[rbp+18h]
  24: mov r8,rsi
  27: xor r8d,0FFFFFFFFh
  2b: mov rsi,r8
  2e: and esi,edi
  30: mov [rbp+10h],rsi
  34: mov [rbp+18h],r8
  38: mov rsp,rbp
  3b: pop rbp
  3c: ret
  3d: mov esi,0Ah
  42: mov rdi,[r14]
  45: call qword ptr [rdi+10h]
