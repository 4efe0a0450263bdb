;; function 0
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-10h]
   c: cmp rcx,[rax+8]
  10: jb 000000000000004Bh
  16: sub rsp,10h
  1a: mov [rbp-8],r14
  1e: mov r10d,[rbp+10h]
  22: mov edi,[rbp+18h]
  25: mov r9d,[rbp+20h]
  29: imul r10d,edi
  2d: xor ecx,ecx
  2f: xor eax,eax
  31: cmp ecx,r9d
  34: jae 0000000000000042h
  3a: add eax,r10d
  3d: add ecx,1
  40: jmp short 0000000000000031h
  42: mov [rbp+10h],rax
  46: mov rsp,rbp
  49: pop rbp
  4a: ret
  4b: mov esi,0Ah
  50: mov rdi,[r14]
  53: call qword ptr [rdi+10h]
