;; function 0
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-10h]
   c: cmp rcx,[rax+8]
  10: jb 0000000000000050h
  16: sub rsp,10h
  1a: mov [rbp-8],r14
  1e: mov esi,[rbp+10h]
  21: xor edi,edi
  23: xor r8d,r8d
  26: mov rax,r8
  29: nop [rax]
  30: cmp edi,esi
  32: jae 0000000000000047h
  38: mov r8,rdi
  3b: imul r8d,edi
  3f: add eax,r8d
  42: add edi,1
  45: jmp short 0000000000000030h
  47: mov [rbp+10h],rax
  4b: mov rsp,rbp
  4e: pop rbp
  4f: ret
  50: mov esi,0Ah
  55: mov rdi,[r14]
  58: call qword ptr [rdi+10h]
