;; function 0
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,rsi
   7: imul eax,esi
   a: mov [rbp+10h],rax
   e: mov rsp,rbp
  11: pop rbp
  12: ret
;; function 1
   0: push rbp
   1: mov rbp,rsp
   4: mov r8,rsi
   7: imul r8d,esi
   b: mov rsi,rdi
   e: imul esi,edi
  11: lea eax,[r8+rsi]
  15: mov [rbp+10h],rax
  19: mov rsp,rbp
  1c: pop rbp
  1d: ret
