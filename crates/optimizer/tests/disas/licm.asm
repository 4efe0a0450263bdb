;; function 0
   0: push rbp
   1: mov rbp,rsp
   4: sub rsp,10h
   8: mov [rbp-8],r14
   c: mov r9,rsi
   f: imul r9d,edi
  13: xor esi,esi
  15: xor edi,edi
  17: mov rax,rdi
  1a: nop [rax+rax]
  20: cmp esi,r8d
  23: jae 0000000000000031h
  29: add eax,r9d
  2c: add esi,1
  2f: jmp short 0000000000000020h
  31: mov [rbp+10h],rax
  35: mov rsp,rbp
  38: pop rbp
  39: ret
