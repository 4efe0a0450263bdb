;; function 0
   0: mov rcx,[r14+18h]
   4: mov rcx,[rcx]
   7: cmp dword ptr [rcx],3E8h
   d: jne 0000000000000062h
  13: push rbp
  14: mov rbp,rsp
  17: sub rsp,10h
  1b: mov [rbp-8],r14
  1f: mov esi,[rbp+10h]
  22: imul rsi,10624DD3h
  29: shr rsi,26h
  2d: xor edi,edi
  2f: xor r8d,r8d
  32: nop [rax+rax]
  3b: nop [rax+rax]
  40: lea eax,[rdi+rsi]
  43: add r8d,1
  47: cmp r8d,3E8h
  4e: jae 0000000000000059h
  54: mov rdi,rax
  57: jmp short 0000000000000040h
  59: mov [rbp+10h],rax
  5d: mov rsp,rbp
  60: pop rbp
  61: ret
  62: mov eax,12345678h
  67: jmp rax
;; function 1
   0: mov rcx,[r14+18h]
   4: mov rcx,[rcx]
   7: cmp dword ptr [rcx],3E8h
   d: jne 000000000000006Bh
  13: mov rcx,[r14+18h]
  17: mov rcx,[rcx+10h]
  1b: cmp dword ptr [rcx],0FFFFFFF9h
  1e: jne 000000000000006Bh
  24: push rbp
  25: mov rbp,rsp
  28: sub rsp,10h
  2c: mov [rbp-8],r14
  30: mov esi,[rbp+10h]
  33: imul rsi,10624DD3h
  3a: shr rsi,26h
  3e: xor edi,edi
  40: xor r8d,r8d
  43: nop [rax+rax]
  4c: nop [rax]
  50: add edi,esi
  52: add r8d,1
  56: cmp r8d,3E8h
  5d: jb short 0000000000000050h
  5f: lea eax,[rdi-7]
  62: mov [rbp+10h],rax
  66: mov rsp,rbp
  69: pop rbp
  6a: ret
  6b: mov eax,12345678h
  70: jmp rax
;; function 2
   0: push rbp
   1: mov rbp,rsp
   4: sub rsp,10h
   8: mov [rbp-8],r14
   c: mov esi,[rbp+10h]
   f: mov rax,rsi
  12: mov r11,[r14+18h]
  16: mov r11,[r11+8]
  1a: mov esi,[r11]
  1d: test esi,esi
  1f: je 0000000000000032h
  25: xor edx,edx
  27: div esi
  29: mov [rbp+10h],rax
  2d: mov rsp,rbp
  30: pop rbp
  31: ret
  32: mov esi,2
  37: mov rdi,[r14]
  3a: call qword ptr [rdi+10h]
  3d: mov esi,3
  42: mov rdi,[r14]
  45: call qword ptr [rdi+10h]
