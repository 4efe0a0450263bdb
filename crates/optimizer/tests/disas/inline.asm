;; function 0
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,rsi
   7: imul eax,esi
   a: mov rsp,rbp
   d: pop rbp
   e: ret
;; function 1
   0: push rbp
   1: mov rbp,rsp
   4: mov r8,rsi
   7: imul r8d,esi
   b: mov rsi,rdi
   e: imul esi,edi
  11: lea eax,[r8+rsi]
  15: mov rsp,rbp
  18: pop rbp
  19: ret
