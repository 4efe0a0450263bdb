;; function 0
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-10h]
   c: cmp rcx,[rax+8]
  10: jb 000000000000002Dh
  16: sub rsp,10h
  1a: mov [rbp-8],r14
  1e: mov edi,[rbp+10h]
  21: imul edi,edi
  24: mov [rbp+10h],rdi
  28: mov rsp,rbp
  2b: pop rbp
  2c: ret
  2d: mov esi,0Ah
  32: mov rdi,[r14]
  35: call qword ptr [rdi+10h]
;; function 1
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-10h]
   c: cmp rcx,[rax+8]
  10: jb 000000000000003Bh
  16: sub rsp,10h
  1a: mov [rbp-8],r14
  1e: mov r8d,[rbp+10h]
  22: mov r10d,[rbp+18h]
  26: imul r8d,r8d
  2a: imul r10d,r10d
  2e: lea edi,[r8+r10]
  32: mov [rbp+10h],rdi
  36: mov rsp,rbp
  39: pop rbp
  3a: ret
  3b: mov esi,0Ah
  40: mov rdi,[r14]
  43: call qword ptr [rdi+10h]
