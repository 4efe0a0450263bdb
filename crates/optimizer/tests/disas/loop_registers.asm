;; function 0
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-10h]
   c: cmp rcx,[rax+8]
  10: jb 0000000000000051h
  16: sub rsp,10h
  1a: mov [rbp-8],r14
  1e: mov esi,[rbp+10h]
  21: xor r9d,r9d
  24: xor ecx,ecx
  26: nop [rax+rax]
  2f: nop
  30: cmp r9d,esi
  33: jae 0000000000000048h
  39: mov rdi,r9
  3c: imul edi,r9d
  40: add ecx,edi
  42: add r9d,1
  46: jmp short 0000000000000030h
  48: mov [rbp+10h],rcx
  4c: mov rsp,rbp
  4f: pop rbp
  50: ret
  51: mov esi,0Ah
  56: mov rdi,[r14]
  59: call qword ptr [rdi+10h]
