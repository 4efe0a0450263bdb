;; function 0
   0: push rbp
   1: mov rbp,rsp
   4: sub rsp,10h
   8: mov [rbp-8],r14
   c: mov r15,[r14+8]
  10: mov esi,[rbp+10h]
  13: mov edi,[rbp+18h]
  16: cmp esi,edi
  18: jge 0000000000000026h
  1e: mov rax,rdi
  21: jmp 0000000000000029h
  26: mov rax,rsi
  29: mov [rbp+10h],rax
  2d: mov rsp,rbp
  30: pop rbp
  31: ret
;; function 1
   0: push rbp
   1: mov rbp,rsp
   4: sub rsp,10h
   8: mov [rbp-8],r14
   c: mov r15,[r14+8]
  10: mov rsi,[rbp+10h]
  14: xor edi,edi
  16: mov rax,rdi
  19: nop [rax]
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
  10: mov esi,[rbp+10h]
  13: mov edi,[rbp+18h]
  16: mov r8d,[rbp+20h]
  1a: xor r9d,r9d
  1d: mov rax,r9
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
