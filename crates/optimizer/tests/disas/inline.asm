;; function 0
   0: push rbp
   1: mov rbp,rsp
   4: sub rsp,10h
   8: mov [rbp-8],r14
   c: mov rax,rsi
   f: imul eax,esi
  12: mov [rbp+10h],rax
  16: mov rsp,rbp
  19: pop rbp
  1a: ret
;; function 1
   0: push rbp
   1: mov rbp,rsp
   4: sub rsp,10h
   8: mov [rbp-8],r14
   c: mov r8,rsi
   f: imul r8d,esi
  13: mov rsi,rdi
  16: imul esi,edi
  19: lea eax,[r8+rsi]
  1d: mov [rbp+10h],rax
  21: mov rsp,rbp
  24: pop rbp
  25: ret
