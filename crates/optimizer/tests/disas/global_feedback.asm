;; function 0
   0: mov rcx,[r14+18h]
   4: mov rcx,[rcx]
   7: cmp dword ptr [rcx],3E8h
   d: jne 0000000000000052h
  13: push rbp
  14: mov rbp,rsp
  17: sub rsp,10h
  1b: mov [rbp-8],r14
  1f: imul rsi,10624DD3h
  26: shr rsi,26h
  2a: xor edi,edi
  2c: xor r8d,r8d
  2f: nop
  30: lea eax,[rdi+rsi]
  33: add r8d,1
  37: cmp r8d,3E8h
  3e: jae 0000000000000049h
  44: mov rdi,rax
  47: jmp short 0000000000000030h
  49: mov [rbp+10h],rax
  4d: mov rsp,rbp
  50: pop rbp
  51: ret
  52: mov eax,12345678h
  57: jmp rax
;; function 1
   0: mov rcx,[r14+18h]
   4: mov rcx,[rcx]
   7: cmp dword ptr [rcx],3E8h
   d: jne 000000000000005Bh
  13: mov rcx,[r14+18h]
  17: mov rcx,[rcx+10h]
  1b: cmp dword ptr [rcx],0FFFFFFF9h
  1e: jne 000000000000005Bh
  24: push rbp
  25: mov rbp,rsp
  28: sub rsp,10h
  2c: mov [rbp-8],r14
  30: imul rsi,10624DD3h
  37: shr rsi,26h
  3b: xor edi,edi
  3d: xor r8d,r8d
  40: add edi,esi
  42: add r8d,1
  46: cmp r8d,3E8h
  4d: jb short 0000000000000040h
  4f: lea eax,[rdi-7]
  52: mov [rbp+10h],rax
  56: mov rsp,rbp
  59: pop rbp
  5a: ret
  5b: mov eax,12345678h
  60: jmp rax
;; function 2
   0: push rbp
   1: mov rbp,rsp
   4: sub rsp,10h
   8: mov [rbp-8],r14
   c: mov rax,rsi
   f: mov r11,[r14+18h]
  13: mov r11,[r11+8]
  17: mov esi,[r11]
  1a: test esi,esi
  1c: je 000000000000002Fh
  22: xor edx,edx
  24: div esi
  26: mov [rbp+10h],rax
  2a: mov rsp,rbp
  2d: pop rbp
  2e: ret
  2f: mov esi,2
  34: mov rdi,[r14]
  37: call qword ptr [rdi+10h]
  3a: mov esi,3
  3f: mov rdi,[r14]
  42: call qword ptr [rdi+10h]
