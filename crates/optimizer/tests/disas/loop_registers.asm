;; function 0
   0: push rbp
   1: mov rbp,rsp
   4: xor edi,edi
   6: xor r8d,r8d
   9: mov rax,r8
   c: nop [rax]
  10: cmp edi,esi
  12: jae 0000000000000027h
  18: mov r8,rdi
  1b: imul r8d,edi
  1f: add eax,r8d
  22: add edi,1
  25: jmp short 0000000000000010h
  27: mov rsp,rbp
  2a: pop rbp
  2b: ret
