;; function 0
   0: push rbp
   1: mov rbp,rsp
   4: mov r15,[r14+8]
   8: mov eax,[r15+rsi+10h]
   d: mov rsp,rbp
  10: pop rbp
  11: ret
;; function 1
   0: push rbp
   1: mov rbp,rsp
   4: mov r15,[r14+8]
   8: xor edi,edi
   a: xor r8d,r8d
   d: mov rax,r8
  10: cmp edi,esi
  12: jae 000000000000002Ch
  18: mov r8,rdi
  1b: shl r8d,2
  1f: mov r8d,[r15+r8+4]
  24: add eax,r8d
  27: add edi,1
  2a: jmp short 0000000000000010h
  2c: mov rsp,rbp
  2f: pop rbp
  30: ret
;; function 2
   0: push rbp
   1: mov rbp,rsp
   4: mov r15,[r14+8]
   8: mov r8,rdi
   b: shl r8d,4
   f: add esi,r8d
  12: mov rax,[r15+rsi+8]
  17: mov rsp,rbp
  1a: pop rbp
  1b: ret
