;; function 0
   0: push rbp
   1: mov rbp,rsp
   4: rorx edi,esi,2
   a: rorx r8d,esi,0Dh
  10: xor edi,r8d
  13: rol esi,0Ah
  16: mov rax,rdi
  19: xor eax,esi
  1b: mov rsp,rbp
  1e: pop rbp
  1f: ret
;; function 1
   0: push rbp
   1: mov rbp,rsp
   4: rorx rax,rsi,2Fh
   a: mov [rbp+18h],rsi
   e: mov rsp,rbp
  11: pop rbp
  12: ret
;; function 2
   0: push rbp
   1: mov rbp,rsp
   4: shlx r8,rsi,rdi
   9: shrx r9,rsi,rdi
   e: add r8,r9
  11: sarx rsi,rsi,rdi
  16: add rsi,rdi
  19: lea rax,[r8+rsi]
  1d: mov rsp,rbp
  20: pop rbp
  21: ret
