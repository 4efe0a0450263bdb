;; function 0
   0: push rbp
   1: mov rbp,rsp
   4: mov r15,[r14+8]
   8: cmp esi,edi
   a: jge 0000000000000018h
  10: mov rax,rdi
  13: jmp 000000000000001Bh
  18: mov rax,rsi
  1b: mov rsp,rbp
  1e: pop rbp
  1f: ret
;; function 1
   0: push rbp
   1: mov rbp,rsp
   4: mov r15,[r14+8]
   8: xor edi,edi
   a: mov rax,rdi
   d: nop [rax]
  10: test rsi,rsi
  13: je 0000000000000023h
  19: add rax,3
  1d: add rsi,0FFFFFFFFFFFFFFFFh
  21: jmp short 0000000000000010h
  23: mov rsp,rbp
  26: pop rbp
  27: ret
;; function 2
   0: push rbp
   1: mov rbp,rsp
   4: mov r15,[r14+8]
   8: xor r9d,r9d
   b: mov rax,r9
   e: xchg ax,ax
  10: cmp eax,r8d
  13: jae 0000000000000035h
  19: lea r9d,[rsi+rax]
  1d: movzx r9d,byte ptr [r15+r9]
  22: lea r10d,[rdi+rax]
  26: cmp r9b,[r15+r10]
  2a: jne 0000000000000035h
  30: add eax,1
  33: jmp short 0000000000000010h
  35: mov rsp,rbp
  38: pop rbp
  39: ret
