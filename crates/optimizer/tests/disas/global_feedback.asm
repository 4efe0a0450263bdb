;; function 0
   0: mov rcx,[r14+18h]
   4: mov rcx,[rcx]
   7: cmp dword ptr [rcx],3E8h
   d: jne 000000000000004Eh
  13: push rbp
  14: mov rbp,rsp
  17: imul rsi,10624DD3h
  1e: shr rsi,26h
  22: xor edi,edi
  24: xor r8d,r8d
  27: nop [rax+rax]
  30: lea eax,[rdi+rsi]
  33: add r8d,1
  37: cmp r8d,3E8h
  3e: jae 0000000000000049h
  44: mov rdi,rax
  47: jmp short 0000000000000030h
  49: mov rsp,rbp
  4c: pop rbp
  4d: ret
  4e: mov eax,12345678h
  53: jmp rax
;; function 1
   0: mov rcx,[r14+18h]
   4: mov rcx,[rcx]
   7: cmp dword ptr [rcx],3E8h
   d: jne 0000000000000057h
  13: mov rcx,[r14+18h]
  17: mov rcx,[rcx+10h]
  1b: cmp dword ptr [rcx],0FFFFFFF9h
  1e: jne 0000000000000057h
  24: push rbp
  25: mov rbp,rsp
  28: imul rsi,10624DD3h
  2f: shr rsi,26h
  33: xor edi,edi
  35: xor r8d,r8d
  38: nop [rax+rax]
  40: add edi,esi
  42: add r8d,1
  46: cmp r8d,3E8h
  4d: jb short 0000000000000040h
  4f: lea eax,[rdi-7]
  52: mov rsp,rbp
  55: pop rbp
  56: ret
  57: mov eax,12345678h
  5c: jmp rax
;; function 2
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,rsi
   7: mov r11,[r14+18h]
   b: mov r11,[r11+8]
   f: mov esi,[r11]
  12: test esi,esi
  14: je 0000000000000023h
  1a: xor edx,edx
  1c: div esi
  1e: mov rsp,rbp
  21: pop rbp
  22: ret
  23: mov esi,2
  28: mov rdi,[r14]
  2b: call qword ptr [rdi+10h]
  2e: mov esi,3
  33: mov rdi,[r14]
  36: call qword ptr [rdi+10h]
