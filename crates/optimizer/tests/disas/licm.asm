;; function 0
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-10h]
   c: cmp rcx,[rax+8]
  10: jb 000000000000005Ah
  16: sub rsp,10h
  1a: mov [rbp-8],r14
  1e: mov esi,[rbp+10h]
  21: mov edi,[rbp+18h]
  24: mov r8d,[rbp+20h]
  28: mov r9,rsi
  2b: imul r9d,edi
  2f: xor esi,esi
  31: xor edi,edi
  33: mov rax,rdi
  36: nop [rax+rax]
  3f: nop
  40: cmp esi,r8d
  43: jae 0000000000000051h
  49: add eax,r9d
  4c: add esi,1
  4f: jmp short 0000000000000040h
  51: mov [rbp+10h],rax
  55: mov rsp,rbp
  58: pop rbp
  59: ret
  5a: mov esi,0Ah
  5f: mov rdi,[r14]
  62: call qword ptr [rdi+10h]
