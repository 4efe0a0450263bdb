;; function 0
   0: push rbp
   1: mov rbp,rsp
   4: mov r15,[r14+8]
   8: mov rcx,rdi
   b: mov rdi,rcx
   e: shr edi,5
  11: lea esi,[rsi+rdi*4]
  14: mov edi,1
  19: shl edi,cl
  1b: mov rax,rdi
  1e: or eax,[r15+rsi]
  22: mov rsp,rbp
  25: pop rbp
  26: ret
;; function 1
   0: push rbp
   1: mov rbp,rsp
   4: mov r15,[r14+8]
   8: mov rax,rsi
   b: sub rax,[r15+rdi+8]
  10: mov rsp,rbp
  13: pop rbp
  14: ret
;; function 2
   0: push rbp
   1: mov rbp,rsp
   4: mov r15,[r14+8]
   8: mov esi,[r15+rsi]
   c: mov rdi,rsi
   f: imul edi,esi
  12: mov rax,rsi
  15: xor eax,edi
  17: mov rsp,rbp
  1a: pop rbp
  1b: ret
