;; function 0
   0: push rbp
   1: mov rbp,rsp
   4: rorx edi,esi,2
   a: rorx r8d,esi,0Dh
  10: xor edi,r8d
  13: rol esi,0Ah
  16: mov rax,rdi
  19: xor eax,esi
  1b: mov [rbp+10h],rax
  1f: mov rsp,rbp
  22: pop rbp
  23: ret
;; function 1
   0: push rbp
   1: mov rbp,rsp
   4: rorx rax,rsi,2Fh
   a: mov [rbp+10h],rax
   e: mov [rbp+18h],rsi
  12: mov rsp,rbp
  15: pop rbp
  16: ret
;; function 2
   0: push rbp
   1: mov rbp,rsp
   4: shlx r8,rsi,rdi
   9: shrx r9,rsi,rdi
   e: add r8,r9
  11: sarx rsi,rsi,rdi
  16: add rsi,rdi
  19: lea rax,[r8+rsi]
  1d: mov [rbp+10h],rax
  21: mov rsp,rbp
  24: pop rbp
  25: ret
