;; function 0
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-10h]
   c: cmp rcx,[rax+8]
  10: jb 0000000000000062h
  16: sub rsp,10h
  1a: mov [rbp-8],r14
  1e: mov r15,[r14+8]
  22: mov esi,[rbp+10h]
  25: mov r11,[r14+10h]
  29: mov r11,[r11+8]
  2d: mov r10,[r11]
  30: mov r11,[r14+10h]
  34: mov r11,[r11+10h]
  38: mov rax,[r11]
  3b: xor ecx,ecx
  3d: nop [rax]
  40: cmp ecx,esi
  42: jae 0000000000000055h
  48: mov r8d,[r10+rcx]
  4c: mov [rax+rcx],r8d
  50: add ecx,4
  53: jmp short 0000000000000040h
  55: mov edi,[r15+rsi]
  59: mov [rbp+10h],rdi
  5d: mov rsp,rbp
  60: pop rbp
  61: ret
  62: mov esi,0Ah
  67: mov rdi,[r14]
  6a: call qword ptr [rdi+10h]
