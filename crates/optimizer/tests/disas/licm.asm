;; function 0
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-10h]
   c: cmp rcx,[rax+8]
  10: jb 000000000000005Ah
  16: sub rsp,10h
  1a: mov [rbp-8],r14
  1e: mov ecx,[rbp+10h]
  21: mov r8d,[rbp+18h]
  25: mov r10d,[rbp+20h]
  29: imul ecx,r8d
  2d: xor esi,esi
  2f: xor r8d,r8d
  32: nop [rax+rax]
  3b: nop [rax+rax]
  40: cmp esi,r10d
  43: jae 0000000000000051h
  49: add r8d,ecx
  4c: add esi,1
  4f: jmp short 0000000000000040h
  51: mov [rbp+10h],r8
  55: mov rsp,rbp
  58: pop rbp
  59: ret
  5a: mov esi,0Ah
  5f: mov rdi,[r14]
  62: call qword ptr [rdi+10h]
