;; function 0
   0: push rbp
   1: mov rbp,rsp
   4: mov r9,rsi
   7: imul r9d,edi
   b: lea esi,[r9+5]
   f: mov rdi,r9
  12: xor edi,esi
  14: test r8d,r8d
  17: je 000000000000002Bh
  1d: mov rsi,rdi
  20: sub esi,r9d
  23: mov rax,rsi
  26: jmp 000000000000002Eh
  2b: mov rax,rdi
  2e: mov rsp,rbp
  31: pop rbp
  32: ret
