;; function 0
   0: push rbp
   1: mov rbp,rsp
   4: sub rsp,10h
   8: mov [rbp-8],r14
   c: mov esi,[rbp+10h]
   f: mov rax,rsi
  12: imul eax,esi
  15: mov [rbp+10h],rax
  19: mov rsp,rbp
  1c: pop rbp
  1d: ret
;; function 1
   0: push rbp
   1: mov rbp,rsp
   4: sub rsp,10h
   8: mov [rbp-8],r14
   c: mov esi,[rbp+10h]
   f: mov edi,[rbp+18h]
  12: mov r8,rsi
  15: imul r8d,esi
  19: mov rsi,rdi
  1c: imul esi,edi
  1f: lea eax,[r8+rsi]
  23: mov [rbp+10h],rax
  27: mov rsp,rbp
  2a: pop rbp
  2b: ret
