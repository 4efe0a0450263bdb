;; function 0
   0: push rbp
   1: mov rbp,rsp
   4: sub rsp,10h
   8: mov [rbp-8],r14
   c: mov r15,[r14+8]
  10: cmp esi,edi
  12: jge 0000000000000020h
  18: mov rax,rdi
  1b: jmp 0000000000000023h
  20: mov rax,rsi
  23: mov [rbp+10h],rax
  27: mov rsp,rbp
  2a: pop rbp
  2b: ret
;; function 1
   0: push rbp
   1: mov rbp,rsp
   4: sub rsp,10h
   8: mov [rbp-8],r14
   c: mov r15,[r14+8]
  10: xor edi,edi
  12: mov rax,rdi
  15: nop [rax+rax]
  1e: xchg ax,ax
  20: test rsi,rsi
  23: je 0000000000000033h
  29: add rax,3
  2d: add rsi,0FFFFFFFFFFFFFFFFh
  31: jmp short 0000000000000020h
  33: mov [rbp+10h],rax
  37: mov rsp,rbp
  3a: pop rbp
  3b: ret
;; function 2
   0: push rbp
   1: mov rbp,rsp
   4: sub rsp,10h
   8: mov [rbp-8],r14
   c: mov r15,[r14+8]
  10: xor r9d,r9d
  13: mov rax,r9
  16: nop [rax+rax]
  1f: nop
  20: cmp eax,r8d
  23: jae 0000000000000045h
  29: lea r9d,[rsi+rax]
  2d: movzx r9d,byte ptr [r15+r9]
  32: lea r10d,[rdi+rax]
  36: cmp r9b,[r15+r10]
  3a: jne 0000000000000045h
  40: add eax,1
  43: jmp short 0000000000000020h
  45: mov [rbp+10h],rax
  49: mov rsp,rbp
  4c: pop rbp
  4d: ret
