;; function 0
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-20h]
   f: cmp rcx,[rax+8]
  13: jb 0000000000000051h
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
  41: mov r11d,[rbp-10h]
  45: mov [rbp+10h],r11d
  49: mov eax,[rbp+10h]
  4c: mov rsp,rbp
  4f: pop rbp
  50: ret
  51: mov esi,0Ah
  56: mov rdi,[r14]
  59: call qword ptr [rdi+10h]
