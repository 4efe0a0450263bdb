;; function 0
   0: push rbp
   1: mov rbp,rsp
   4: mov r9,rsi
   7: and r9d,edi
   a: andn esi,esi,r8d
   f: mov rax,r9
  12: xor eax,esi
  14: mov rsp,rbp
  17: pop rbp
  18: ret
;; function 1
   0: push rbp
   1: mov rbp,rsp
   4: andn rax,rsi,rdi
   9: mov rsp,rbp
   c: pop rbp
   d: ret
;; function 2
   0: push rbp
   1: mov rbp,rsp
   4: mov r8,rsi
   7: xor r8d,0FFFFFFFFh
   b: mov rax,r8
   e: and eax,edi
  10: mov [rbp+18h],r8
  14: mov rsp,rbp
  17: pop rbp
  18: ret
