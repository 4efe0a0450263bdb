;; function 0
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,rsi
   7: mov rsi,rdi
   a: mul rsi
   d: mov [rbp+18h],rdx
  11: mov rsp,rbp
  14: pop rbp
  15: ret
;; function 1
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,rsi
   7: mov r10,rdi
   a: add rax,r8
   d: adc r10,r9
  10: mov [rbp+18h],r10
  14: mov rsp,rbp
  17: pop rbp
  18: ret
;; function 2
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,rsi
   7: mov r10,rdi
   a: sub rax,r8
   d: sbb r10,r9
  10: mov [rbp+18h],r10
  14: mov rsp,rbp
  17: pop rbp
  18: ret
;; function 3
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,rsi
   7: mov rsi,rdi
   a: imul rsi
   d: mov [rbp+18h],rdx
  11: mov rsp,rbp
  14: pop rbp
  15: ret
