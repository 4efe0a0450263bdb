;; function 0
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-20h]
   f: cmp rcx,[rax+8]
  13: jb 0000000000000049h
  19: sub rsp,20h
  20: mov [rbp-8],r14
  24: xor eax,eax
  26: mov [rbp-10h],rax
  2a: mov esi,[rbp-10h]
  2d: cmp esi,[rbp+10h]
  30: jae 0000000000000041h
  36: mov esi,[rbp-10h]
  39: add esi,1
  3c: mov [rbp-10h],esi
  3f: jmp short 000000000000002Ah
  41: mov eax,[rbp-10h]
  44: mov rsp,rbp
  47: pop rbp
  48: ret
  49: mov esi,0Ah
  4e: mov rdi,[r14]
  51: call qword ptr [rdi+10h]
