;; function 0
   0: push rbp
   1: mov rbp,rsp
   4: sub rsp,10h
   8: mov [rbp-8],r14
   c: mov r15,[r14+8]
  10: mov eax,[r15+rsi+10h]
  15: mov [rbp+10h],rax
  19: mov rsp,rbp
  1c: pop rbp
  1d: ret
;; function 1
   0: push rbp
   1: mov rbp,rsp
   4: sub rsp,10h
   8: mov [rbp-8],r14
   c: mov r15,[r14+8]
  10: xor edi,edi
  12: xor r8d,r8d
  15: mov rax,r8
  18: nop [rax+rax]
  20: cmp edi,esi
  22: jae 000000000000003Ch
  28: mov r8,rdi
  2b: shl r8d,2
  2f: mov r8d,[r15+r8+4]
  34: add eax,r8d
  37: add edi,1
  3a: jmp short 0000000000000020h
  3c: mov [rbp+10h],rax
  40: mov rsp,rbp
  43: pop rbp
  44: ret
;; function 2
   0: push rbp
   1: mov rbp,rsp
   4: sub rsp,10h
   8: mov [rbp-8],r14
   c: mov r15,[r14+8]
  10: mov r8,rdi
  13: shl r8d,4
  17: add esi,r8d
  1a: mov rax,[r15+rsi+8]
  1f: mov [rbp+10h],rax
  23: mov rsp,rbp
  26: pop rbp
  27: ret
