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
  10: jb 00000000000000CEh
  16: sub rsp,20h
  1a: mov [rbp-8],r14
  1e: mov rax,rdi
  21: mov r11,[r14+20h]
  25: mov r11,[r11]
  28: cmp rax,[r11+8]
  2c: jae 00000000000000ADh
  32: mov r11,[r11]
  35: mov rdi,[r11+rax*8]
  39: mov r8,[r14+28h]
  3d: cmp rdi,r8
  40: jne 0000000000000054h
  46: mov rdi,rsi
  49: imul edi,esi
  4c: mov rax,rdi
  4f: jmp 00000000000000A8h
  54: mov [rsp],rsi
  58: mov r11d,eax
  5b: mov rax,[r14+20h]
  5f: mov rax,[rax]
  62: cmp r11,[rax+8]
  66: jae 00000000000000ADh
  6c: mov rax,[rax]
  6f: mov rax,[rax+r11*8]
  73: test rax,rax
  76: je 00000000000000B8h
  7c: mov rcx,[r14+30h]
  80: mov ecx,[rcx]
  82: cmp ecx,[rax+10h]
  85: jne 00000000000000C3h
  8b: mov rdx,r14
  8e: mov r14,[rax+8]
  92: call qword ptr [rax]
  94: mov r14,[rbp-8]
  98: lea r11,[rbp-20h]
  9c: cmp rsp,r11
  9f: je 00000000000000A8h
  a5: mov rsp,r11
  a8: mov rsp,rbp
  ab: pop rbp
  ac: ret
  ad: mov esi,7
  b2: mov rdi,[r14]
  b5: call qword ptr [rdi+10h]
  b8: mov esi,8
  bd: mov rdi,[r14]
  c0: call qword ptr [rdi+10h]
  c3: mov esi,9
  c8: mov rdi,[r14]
  cb: call qword ptr [rdi+10h]
  ce: mov esi,0Ah
  d3: mov rdi,[r14]
  d6: call qword ptr [rdi+10h]
;; function 3
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-20h]
   c: cmp rcx,[rax+8]
  10: jb 000000000000009Bh
  16: sub rsp,20h
  1a: mov [rbp-8],r14
  1e: mov rax,rdi
  21: mov [rsp],rsi
  25: mov r11d,eax
  28: mov rax,[r14+20h]
  2c: mov rax,[rax]
  2f: cmp r11,[rax+8]
  33: jae 000000000000007Ah
  39: mov rax,[rax]
  3c: mov rax,[rax+r11*8]
  40: test rax,rax
  43: je 0000000000000085h
  49: mov rcx,[r14+30h]
  4d: mov ecx,[rcx]
  4f: cmp ecx,[rax+10h]
  52: jne 0000000000000090h
  58: mov rdx,r14
  5b: mov r14,[rax+8]
  5f: call qword ptr [rax]
  61: mov r14,[rbp-8]
  65: lea r11,[rbp-20h]
  69: cmp rsp,r11
  6c: je 0000000000000075h
  72: mov rsp,r11
  75: mov rsp,rbp
  78: pop rbp
  79: ret
  7a: mov esi,7
  7f: mov rdi,[r14]
  82: call qword ptr [rdi+10h]
  85: mov esi,8
  8a: mov rdi,[r14]
  8d: call qword ptr [rdi+10h]
  90: mov esi,9
  95: mov rdi,[r14]
  98: call qword ptr [rdi+10h]
  9b: mov esi,0Ah
  a0: mov rdi,[r14]
  a3: call qword ptr [rdi+10h]
