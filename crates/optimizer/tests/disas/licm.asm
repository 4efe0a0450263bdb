;; function 0
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-10h]
   c: cmp rcx,[rax+8]
  10: jb 000000000000005Eh
  16: sub rsp,10h
  1a: mov [rbp-8],r14
  1e: mov esi,[rbp+10h]
  21: mov edi,[rbp+18h]
  24: mov r8d,[rbp+20h]
  28: mov r9,rsi
  2b: imul r9d,edi
  2f: xor esi,esi
  31: xor edi,edi
  33: nop [rax+rax]
  3c: nop [rax]
  40: cmp esi,r8d
  43: jae 0000000000000055h
  49: lea r10d,[rdi+r9]
  4d: add esi,1
  50: mov rdi,r10
  53: jmp short 0000000000000040h
  55: mov [rbp+10h],rdi
  59: mov rsp,rbp
  5c: pop rbp
  5d: ret
  5e: mov esi,0Ah
  63: mov rdi,[r14]
  66: call qword ptr [rdi+10h]
