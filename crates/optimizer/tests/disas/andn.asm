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
  21: mov edi,[rbp+18h]
  24: mov r8d,[rbp+20h]
  28: mov r9,rsi
  2b: and r9d,edi
  2e: andn esi,esi,r8d
  33: mov rax,r9
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
  10: jb 0000000000000034h
  16: sub rsp,10h
  1a: mov [rbp-8],r14
  1e: mov rsi,[rbp+10h]
  22: mov rdi,[rbp+18h]
  26: andn rax,rsi,rdi
  2b: mov [rbp+10h],rax
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
  2b: mov rax,r8
  2e: and eax,edi
  30: mov [rbp+10h],rax
  34: mov [rbp+18h],r8
  38: mov rsp,rbp
  3b: pop rbp
  3c: ret
  3d: mov esi,0Ah
  42: mov rdi,[r14]
  45: call qword ptr [rdi+10h]
