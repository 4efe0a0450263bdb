;; function 0
   0: push rbp
   1: mov rbp,rsp
   4: sub rsp,10h
   8: mov [rbp-8],r14
   c: mov r15,[r14+8]
  10: mov rcx,rdi
  13: nop [rax+rax]
  1c: nop [rax]
  20: mov rdi,rcx
  23: shr rdi,5
  27: lea edi,[rsi+rdi*4]
  2a: mov r10d,[r15+rdi]
  2e: mov edx,1
  33: shl edx,cl
  35: or r10d,edx
  38: mov [r15+rdi],r10d
  3c: add rcx,r8
  3f: cmp rcx,r9
  42: jle short 0000000000000020h
  44: mov rsp,rbp
  47: pop rbp
  48: ret
;; function 1
   0: push rbp
   1: mov rbp,rsp
   4: sub rsp,10h
   8: mov [rbp-8],r14
   c: mov r15,[r14+8]
  10: mov eax,esi
  12: mov [rbp+10h],rax
  16: mov rsp,rbp
  19: pop rbp
  1a: ret
;; function 2
   0: push rbp
   1: mov rbp,rsp
   4: sub rsp,10h
   8: mov [rbp-8],r14
   c: mov r15,[r14+8]
  10: mov esi,esi
  12: mov eax,[r15+rsi]
  16: mov [rbp+10h],rax
  1a: mov rsp,rbp
  1d: pop rbp
  1e: ret
