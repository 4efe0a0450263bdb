;; function 0
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-10h]
   c: cmp rcx,[rax+8]
  10: jb 0000000000000047h
  16: sub rsp,10h
  1a: mov [rbp-8],r14
  1e: mov esi,[rbp+10h]
  21: xor r9d,r9d
  24: xor ecx,ecx
  26: cmp r9d,esi
  29: jae 000000000000003Eh
  2f: mov rdi,r9
  32: imul edi,r9d
  36: add ecx,edi
  38: add r9d,1
  3c: jmp short 0000000000000026h
  3e: mov [rbp+10h],rcx
  42: mov rsp,rbp
  45: pop rbp
  46: ret
  47: mov esi,0Ah
  4c: mov rdi,[r14]
  4f: call qword ptr [rdi+10h]
