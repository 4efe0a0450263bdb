;; function 0
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-10h]
   c: cmp rcx,[rax+8]
  10: jb 0000000000000049h
  16: sub rsp,10h
  1a: mov [rbp-8],r14
  1e: mov ebx,[rbp+10h]
  21: xor r8d,r8d
  24: xor r10d,r10d
  27: cmp r8d,ebx
  2a: jae 0000000000000040h
  30: mov rdx,r8
  33: imul edx,r8d
  37: add r10d,edx
  3a: add r8d,1
  3e: jmp short 0000000000000027h
  40: mov [rbp+10h],r10
  44: mov rsp,rbp
  47: pop rbp
  48: ret
  49: mov esi,0Ah
  4e: mov rdi,[r14]
  51: call qword ptr [rdi+10h]
