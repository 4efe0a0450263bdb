;; function 0
   0: push rbp
   1: mov rbp,rsp
   4: mov eax,esi
   6: mov r11d,0CCCCCCCDh
   c: imul rax,r11
  10: shr rax,23h
  14: mov rsp,rbp
  17: pop rbp
  18: ret
;; function 1
   0: push rbp
   1: mov rbp,rsp
   4: movsxd rdi,esi
   7: imul rdi,0FFFFFFFF92492493h
   e: shr rdi,20h
  12: add esi,edi
  14: sar esi,2
  17: mov rdi,rsi
  1a: shr edi,1Fh
  1d: lea eax,[rsi+rdi]
  20: mov rsp,rbp
  23: pop rbp
  24: ret
;; function 2
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,rsi
   7: and eax,0Fh
   a: mov rsp,rbp
   d: pop rbp
   e: ret
;; function 3
   0: push rbp
   1: mov rbp,rsp
   4: mov rdi,rsi
   7: sar rdi,3Fh
   b: shr rdi,3Eh
   f: add rsi,rdi
  12: mov rax,rsi
  15: sar rax,2
  19: mov rsp,rbp
  1c: pop rbp
  1d: ret
;; function 4
   0: push rbp
   1: mov rbp,rsp
   4: mov rdi,624DD2F1A9FBE77h
   e: mov rax,rsi
  11: mul rdi
  14: sub rsi,rdx
  17: shr rsi,1
  1a: add rsi,rdx
  1d: mov rax,rsi
  20: shr rax,9
  24: mov rsp,rbp
  27: pop rbp
  28: ret
;; function 5
   0: push rbp
   1: mov rbp,rsp
   4: imul edi,esi,9
   7: lea eax,[rdi+rsi*8]
   a: mov rsp,rbp
   d: pop rbp
   e: ret
