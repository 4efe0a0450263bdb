;; function 0
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,rsi
   7: imul eax,esi
   a: mov rsp,rbp
   d: pop rbp
   e: ret
;; function 1
   0: push rbp
   1: mov rbp,rsp
   4: lea eax,[rsi+rsi]
   7: mov rsp,rbp
   a: pop rbp
   b: ret
;; function 2
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-20h]
   c: cmp rcx,[rax+8]
  10: jb 00000000000000C2h
  16: sub rsp,20h
  1a: mov [rbp-8],r14
  1e: mov rax,rdi
  21: mov r11,[r14+20h]
  25: mov r11,[r11]
  28: cmp rax,[r11+8]
  2c: jae 00000000000000A1h
  32: mov r11,[r11]
  35: mov rdi,[r11+rax*8]
  39: mov r8,[r14+28h]
  3d: cmp rdi,r8
  40: jne 0000000000000054h
  46: mov rdi,rsi
  49: imul edi,esi
  4c: mov rax,rdi
  4f: jmp 000000000000009Ch
  54: mov [rsp],rsi
  58: mov r11d,eax
  5b: mov rax,[r14+20h]
  5f: mov rax,[rax]
  62: cmp r11,[rax+8]
  66: jae 00000000000000A1h
  6c: mov rax,[rax]
  6f: mov rax,[rax+r11*8]
  73: test rax,rax
  76: je 00000000000000ACh
  7c: mov rcx,[r14+30h]
  80: mov ecx,[rcx]
  82: cmp ecx,[rax+10h]
  85: jne 00000000000000B7h
  8b: mov rdx,r14
  8e: mov r14,[rax+8]
  92: call qword ptr [rax]
  94: mov r14,[rbp-8]
  98: lea rsp,[rbp-20h]
  9c: mov rsp,rbp
  9f: pop rbp
  a0: ret
  a1: mov esi,7
  a6: mov rdi,[r14]
  a9: call qword ptr [rdi+10h]
  ac: mov esi,8
  b1: mov rdi,[r14]
  b4: call qword ptr [rdi+10h]
  b7: mov esi,9
  bc: mov rdi,[r14]
  bf: call qword ptr [rdi+10h]
  c2: mov esi,0Ah
  c7: mov rdi,[r14]
  ca: call qword ptr [rdi+10h]
;; function 3
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-20h]
   c: cmp rcx,[rax+8]
  10: jb 000000000000008Fh
  16: sub rsp,20h
  1a: mov [rbp-8],r14
  1e: mov rax,rdi
  21: mov [rsp],rsi
  25: mov r11d,eax
  28: mov rax,[r14+20h]
  2c: mov rax,[rax]
  2f: cmp r11,[rax+8]
  33: jae 000000000000006Eh
  39: mov rax,[rax]
  3c: mov rax,[rax+r11*8]
  40: test rax,rax
  43: je 0000000000000079h
  49: mov rcx,[r14+30h]
  4d: mov ecx,[rcx]
  4f: cmp ecx,[rax+10h]
  52: jne 0000000000000084h
  58: mov rdx,r14
  5b: mov r14,[rax+8]
  5f: call qword ptr [rax]
  61: mov r14,[rbp-8]
  65: lea rsp,[rbp-20h]
  69: mov rsp,rbp
  6c: pop rbp
  6d: ret
  6e: mov esi,7
  73: mov rdi,[r14]
  76: call qword ptr [rdi+10h]
  79: mov esi,8
  7e: mov rdi,[r14]
  81: call qword ptr [rdi+10h]
  84: mov esi,9
  89: mov rdi,[r14]
  8c: call qword ptr [rdi+10h]
  8f: mov esi,0Ah
  94: mov rdi,[r14]
  97: call qword ptr [rdi+10h]
