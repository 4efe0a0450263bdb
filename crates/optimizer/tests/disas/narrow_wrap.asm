;; function 0
   0: push rbp
   1: mov rbp,rsp
   4: mov r15,[r14+8]
   8: mov rcx,rdi
   b: nop [rax+rax]
  10: mov rdi,rcx
  13: shr rdi,5
  17: lea edi,[rsi+rdi*4]
  1a: mov r10d,[r15+rdi]
  1e: mov edx,1
  23: shl edx,cl
  25: or r10d,edx
  28: mov [r15+rdi],r10d
  2c: add rcx,r8
  2f: cmp rcx,r9
  32: jle short 0000000000000010h
  34: mov rsp,rbp
  37: pop rbp
  38: ret
;; function 1
   0: push rbp
   1: mov rbp,rsp
   4: mov r15,[r14+8]
   8: mov eax,esi
   a: mov rsp,rbp
   d: pop rbp
   e: ret
;; function 2
   0: push rbp
   1: mov rbp,rsp
   4: mov r15,[r14+8]
   8: mov esi,esi
   a: mov eax,[r15+rsi]
   e: mov rsp,rbp
  11: pop rbp
  12: ret
