;; function 0
   0: mov rcx,[r14+18h]
   4: mov rcx,[rcx]
   7: cmp dword ptr [rcx],3E8h
   d: jne 0000000000000072h
  13: push rbp
  14: mov rbp,rsp
  17: mov rax,[r14]
  1a: lea rcx,[rsp-10h]
  1f: cmp rcx,[rax+8]
  23: jb 0000000000000079h
  29: sub rsp,10h
  2d: mov [rbp-8],r14
  31: mov esi,[rbp+10h]
  34: imul rsi,10624DD3h
  3b: shr rsi,26h
  3f: xor edi,edi
  41: xor r8d,r8d
  44: nop [rax+rax]
  4d: nop [rax]
  50: lea eax,[rdi+rsi]
  53: add r8d,1
  57: cmp r8d,3E8h
  5e: jae 0000000000000069h
  64: mov rdi,rax
  67: jmp short 0000000000000050h
  69: mov [rbp+10h],rax
  6d: mov rsp,rbp
  70: pop rbp
  71: ret
  72: mov eax,12345678h
  77: jmp rax
  79: mov esi,0Ah
  7e: mov rdi,[r14]
  81: call qword ptr [rdi+10h]
;; function 1
   0: mov rcx,[r14+18h]
   4: mov rcx,[rcx]
   7: cmp dword ptr [rcx],3E8h
   d: jne 000000000000007Bh
  13: mov rcx,[r14+18h]
  17: mov rcx,[rcx+10h]
  1b: cmp dword ptr [rcx],0FFFFFFF9h
  1e: jne 000000000000007Bh
  24: push rbp
  25: mov rbp,rsp
  28: mov rax,[r14]
  2b: lea rcx,[rsp-10h]
  30: cmp rcx,[rax+8]
  34: jb 0000000000000082h
  3a: sub rsp,10h
  3e: mov [rbp-8],r14
  42: mov esi,[rbp+10h]
  45: imul rsi,10624DD3h
  4c: shr rsi,26h
  50: xor edi,edi
  52: xor r8d,r8d
  55: nop [rax+rax]
  5e: xchg ax,ax
  60: add edi,esi
  62: add r8d,1
  66: cmp r8d,3E8h
  6d: jb short 0000000000000060h
  6f: lea eax,[rdi-7]
  72: mov [rbp+10h],rax
  76: mov rsp,rbp
  79: pop rbp
  7a: ret
  7b: mov eax,12345678h
  80: jmp rax
  82: mov esi,0Ah
  87: mov rdi,[r14]
  8a: call qword ptr [rdi+10h]
;; function 2
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-10h]
   c: cmp rcx,[rax+8]
  10: jb 000000000000005Ah
  16: sub rsp,10h
  1a: mov [rbp-8],r14
  1e: mov esi,[rbp+10h]
  21: mov rax,rsi
  24: mov r11,[r14+18h]
  28: mov r11,[r11+8]
  2c: mov esi,[r11]
  2f: test esi,esi
  31: je 0000000000000044h
  37: xor edx,edx
  39: div esi
  3b: mov [rbp+10h],rax
  3f: mov rsp,rbp
  42: pop rbp
  43: ret
  44: mov esi,2
  49: mov rdi,[r14]
  4c: call qword ptr [rdi+10h]
  4f: mov esi,3
  54: mov rdi,[r14]
  57: call qword ptr [rdi+10h]
  5a: mov esi,0Ah
  5f: mov rdi,[r14]
  62: call qword ptr [rdi+10h]
