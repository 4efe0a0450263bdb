;; function 0
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-10h]
   c: cmp rcx,[rax+8]
  10: jb 000000000000002Dh
  16: sub rsp,10h
  1a: mov [rbp-8],r14
  1e: mov esi,[rbp+10h]
  21: imul esi,esi
  24: mov [rbp+10h],rsi
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
  10: jb 0000000000000039h
  16: sub rsp,10h
  1a: mov [rbp-8],r14
  1e: mov edi,[rbp+10h]
  21: mov r9d,[rbp+18h]
  25: imul edi,edi
  28: imul r9d,r9d
  2c: lea edx,[rdi+r9]
  30: mov [rbp+10h],rdx
  34: mov rsp,rbp
  37: pop rbp
  38: ret
  39: mov esi,0Ah
  3e: mov rdi,[r14]
  41: call qword ptr [rdi+10h]
