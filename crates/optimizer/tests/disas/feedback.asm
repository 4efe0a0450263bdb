;; function 0
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-10h]
   c: cmp rcx,[rax+8]
  10: jb 0000000000000030h
  16: sub rsp,10h
  1a: mov [rbp-8],r14
  1e: mov esi,[rbp+10h]
  21: mov rdi,rsi
  24: imul edi,esi
  27: mov [rbp+10h],rdi
  2b: mov rsp,rbp
  2e: pop rbp
  2f: ret
  30: mov esi,0Ah
  35: mov rdi,[r14]
  38: call qword ptr [rdi+10h]
;; function 1
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-10h]
   c: cmp rcx,[rax+8]
  10: jb 000000000000002Ch
  16: sub rsp,10h
  1a: mov [rbp-8],r14
  1e: mov esi,[rbp+10h]
  21: add esi,esi
  23: mov [rbp+10h],rsi
  27: mov rsp,rbp
  2a: pop rbp
  2b: ret
  2c: mov esi,0Ah
  31: mov rdi,[r14]
  34: call qword ptr [rdi+10h]
;; function 2
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-20h]
   c: cmp rcx,[rax+8]
  10: jb 00000000000000CAh
  16: sub rsp,20h
  1a: mov [rbp-8],r14
  1e: mov esi,[rbp+10h]
  21: mov edi,[rbp+18h]
  24: mov r11,[r14+20h]
  28: mov r11,[r11]
  2b: cmp rdi,[r11+8]
  2f: jae 00000000000000A9h
  35: mov r11,[r11]
  38: mov r8,[r11+rdi*8]
  3c: mov r9,[r14+28h]
  40: cmp r8,r9
  43: jne 0000000000000058h
  49: mov r8,rsi
  4c: imul r8d,esi
  50: mov rsi,r8
  53: jmp 00000000000000A0h
  58: mov [rsp],rsi
  5c: mov r11d,edi
  5f: mov rax,[r14+20h]
  63: mov rax,[rax]
  66: cmp r11,[rax+8]
  6a: jae 00000000000000A9h
  70: mov rax,[rax]
  73: mov rax,[rax+r11*8]
  77: test rax,rax
  7a: je 00000000000000B4h
  80: mov rcx,[r14+30h]
  84: mov ecx,[rcx]
  86: cmp ecx,[rax+10h]
  89: jne 00000000000000BFh
  8f: mov r14,[rax+8]
  93: call qword ptr [rax]
  95: mov r14,[rbp-8]
  99: mov esi,[rsp]
  9c: lea rsp,[rbp-20h]
  a0: mov [rbp+10h],rsi
  a4: mov rsp,rbp
  a7: pop rbp
  a8: ret
  a9: mov esi,7
  ae: mov rdi,[r14]
  b1: call qword ptr [rdi+10h]
  b4: mov esi,8
  b9: mov rdi,[r14]
  bc: call qword ptr [rdi+10h]
  bf: mov esi,9
  c4: mov rdi,[r14]
  c7: call qword ptr [rdi+10h]
  ca: mov esi,0Ah
  cf: mov rdi,[r14]
  d2: call qword ptr [rdi+10h]
;; function 3
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-20h]
   c: cmp rcx,[rax+8]
  10: jb 0000000000000096h
  16: sub rsp,20h
  1a: mov [rbp-8],r14
  1e: mov esi,[rbp+10h]
  21: mov edi,[rbp+18h]
  24: mov [rsp],rsi
  28: mov r11d,edi
  2b: mov rax,[r14+20h]
  2f: mov rax,[rax]
  32: cmp r11,[rax+8]
  36: jae 0000000000000075h
  3c: mov rax,[rax]
  3f: mov rax,[rax+r11*8]
  43: test rax,rax
  46: je 0000000000000080h
  4c: mov rcx,[r14+30h]
  50: mov ecx,[rcx]
  52: cmp ecx,[rax+10h]
  55: jne 000000000000008Bh
  5b: mov r14,[rax+8]
  5f: call qword ptr [rax]
  61: mov r14,[rbp-8]
  65: mov esi,[rsp]
  68: lea rsp,[rbp-20h]
  6c: mov [rbp+10h],rsi
  70: mov rsp,rbp
  73: pop rbp
  74: ret
  75: mov esi,7
  7a: mov rdi,[r14]
  7d: call qword ptr [rdi+10h]
  80: mov esi,8
  85: mov rdi,[r14]
  88: call qword ptr [rdi+10h]
  8b: mov esi,9
  90: mov rdi,[r14]
  93: call qword ptr [rdi+10h]
  96: mov esi,0Ah
  9b: mov rdi,[r14]
  9e: call qword ptr [rdi+10h]
