;; function 0
   0: push rbp
   1: mov rbp,rsp
   4: sub rsp,10h
   8: mov [rbp-8],r14
   c: xor edi,edi
   e: xor r8d,r8d
  11: mov rax,r8
  14: nop [rax+rax]
  1d: nop [rax]
  20: cmp edi,esi
  22: jae 0000000000000037h
  28: mov r8,rdi
  2b: imul r8d,edi
  2f: add eax,r8d
  32: add edi,1
  35: jmp short 0000000000000020h
  37: mov [rbp+10h],rax
  3b: mov rsp,rbp
  3e: pop rbp
  3f: ret
