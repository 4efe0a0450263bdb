;; function 0
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-10h]
   c: cmp rcx,[rax+8]
  10: jb 000000000000004Ch
  16: sub rsp,10h
  1a: mov [rbp-8],r14
  1e: mov ecx,[rbp+10h]
  21: mov r8d,[rbp+18h]
  25: mov r10d,[rbp+20h]
  29: imul ecx,r8d
  2d: xor esi,esi
  2f: xor r8d,r8d
  32: cmp esi,r10d
  35: jae 0000000000000043h
  3b: add r8d,ecx
  3e: add esi,1
  41: jmp short 0000000000000032h
  43: mov [rbp+10h],r8
  47: mov rsp,rbp
  4a: pop rbp
  4b: ret
  4c: mov esi,0Ah
  51: mov rdi,[r14]
  54: call qword ptr [rdi+10h]
