;; function 0
   0: push rbp
   1: mov rbp,rsp
   4: sub rsp,10h
   8: mov [rbp-8],r14
   c: mov esi,[rbp+10h]
   f: mov edi,[rbp+18h]
  12: mov r8d,[rbp+20h]
  16: mov r9,rsi
  19: imul r9d,edi
  1d: xor esi,esi
  1f: xor edi,edi
  21: mov rax,rdi
  24: nop [rax+rax]
  2d: nop [rax]
  30: cmp esi,r8d
  33: jae 0000000000000041h
  39: add eax,r9d
  3c: add esi,1
  3f: jmp short 0000000000000030h
  41: mov [rbp+10h],rax
  45: mov rsp,rbp
  48: pop rbp
  49: ret
