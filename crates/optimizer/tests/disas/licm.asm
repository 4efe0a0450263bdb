;; function 0
   0: push rbp
   1: mov rbp,rsp
   4: mov r9,rsi
   7: imul r9d,edi
   b: xor esi,esi
   d: xor edi,edi
   f: mov rax,rdi
  12: nop [rax+rax]
  1b: nop [rax+rax]
  20: cmp esi,r8d
  23: jae 0000000000000031h
  29: add eax,r9d
  2c: add esi,1
  2f: jmp short 0000000000000020h
  31: mov rsp,rbp
  34: pop rbp
  35: ret
