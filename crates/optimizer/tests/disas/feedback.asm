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
  10: jb 00000000000000BFh
  16: sub rsp,20h
  1a: mov [rbp-8],r14
  1e: mov rax,rdi
  21: mov r11,[r14+20h]
  25: mov r11,[r11]
  28: cmp rax,[r11+8]
  2c: jae 000000000000009Eh
  32: mov r11,[r11]
  35: mov rdi,[r11+rax*8]
  39: mov r8,[r14+28h]
  3d: cmp rdi,r8
  40: jne 0000000000000054h
  46: mov rdi,rsi
  49: imul edi,esi
  4c: mov rax,rdi
  4f: jmp 0000000000000099h
  54: mov [rsp],rsi
  58: mov r11d,eax
  5b: mov rax,[r14+20h]
  5f: mov rax,[rax]
  62: cmp r11,[rax+8]
  66: jae 000000000000009Eh
  6c: mov rax,[rax]
  6f: mov rax,[rax+r11*8]
  73: test rax,rax
  76: je 00000000000000A9h
  7c: mov rcx,[r14+30h]
  80: mov ecx,[rcx]
  82: cmp ecx,[rax+10h]
  85: jne 00000000000000B4h
  8b: mov r14,[rax+8]
  8f: call qword ptr [rax]
  91: mov r14,[rbp-8]
  95: lea rsp,[rbp-20h]
  99: mov rsp,rbp
  9c: pop rbp
  9d: ret
  9e: mov esi,7
  a3: mov rdi,[r14]
  a6: call qword ptr [rdi+10h]
  a9: mov esi,8
  ae: mov rdi,[r14]
  b1: call qword ptr [rdi+10h]
  b4: mov esi,9
  b9: mov rdi,[r14]
  bc: call qword ptr [rdi+10h]
  bf: mov esi,0Ah
  c4: mov rdi,[r14]
  c7: call qword ptr [rdi+10h]
;; function 3
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-20h]
   c: cmp rcx,[rax+8]
  10: jb 000000000000008Ch
  16: sub rsp,20h
  1a: mov [rbp-8],r14
  1e: mov rax,rdi
  21: mov [rsp],rsi
  25: mov r11d,eax
  28: mov rax,[r14+20h]
  2c: mov rax,[rax]
  2f: cmp r11,[rax+8]
  33: jae 000000000000006Bh
  39: mov rax,[rax]
  3c: mov rax,[rax+r11*8]
  40: test rax,rax
  43: je 0000000000000076h
  49: mov rcx,[r14+30h]
  4d: mov ecx,[rcx]
  4f: cmp ecx,[rax+10h]
  52: jne 0000000000000081h
  58: mov r14,[rax+8]
  5c: call qword ptr [rax]
  5e: mov r14,[rbp-8]
  62: lea rsp,[rbp-20h]
  66: mov rsp,rbp
  69: pop rbp
  6a: ret
  6b: mov esi,7
  70: mov rdi,[r14]
  73: call qword ptr [rdi+10h]
  76: mov esi,8
  7b: mov rdi,[r14]
  7e: call qword ptr [rdi+10h]
  81: mov esi,9
  86: mov rdi,[r14]
  89: call qword ptr [rdi+10h]
  8c: mov esi,0Ah
  91: mov rdi,[r14]
  94: call qword ptr [rdi+10h]
