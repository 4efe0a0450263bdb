;; function 0
   0: push rbp
   1: mov rbp,rsp
   4: sub rsp,10h
   8: mov [rbp-8],r14
   c: mov r9,rsi
   f: and r9d,edi
  12: andn esi,esi,r8d
  17: mov rax,r9
  1a: xor eax,esi
  1c: mov [rbp+10h],rax
  20: mov rsp,rbp
  23: pop rbp
  24: ret
;; function 1
   0: push rbp
   1: mov rbp,rsp
   4: sub rsp,10h
   8: mov [rbp-8],r14
   c: andn rax,rsi,rdi
  11: mov [rbp+10h],rax
  15: mov rsp,rbp
  18: pop rbp
  19: ret
;; function 2
   0: push rbp
   1: mov rbp,rsp
   4: sub rsp,10h
   8: mov [rbp-8],r14
   c: mov r8,rsi
   f: xor r8d,0FFFFFFFFh
  13: mov rax,r8
  16: and eax,edi
  18: mov [rbp+10h],rax
  1c: mov [rbp+18h],r8
  20: mov rsp,rbp
  23: pop rbp
  24: ret
