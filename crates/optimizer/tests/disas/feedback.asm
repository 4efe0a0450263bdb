;; function 0
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-10h]
   c: cmp rcx,[rax+8]
  10: jb 000000000000002Dh
  16: sub rsp,10h
  1a: mov [rbp-8],r14
  1e: mov edi,[rbp+10h]
  21: imul edi,edi
  24: mov [rbp+10h],rdi
  28: mov rsp,rbp
  2b: pop rbp
  2c: ret
  2d: mov esi,0Ah
  32: mov rdi,[r14]
  35: call qword ptr [rdi+10h]
;; function 1
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-10h]
   c: cmp rcx,[rax+8]
  10: jb 000000000000002Eh
  16: sub rsp,10h
  1a: mov [rbp-8],r14
  1e: mov esi,[rbp+10h]
  21: lea r9d,[rsi+rsi]
  25: mov [rbp+10h],r9
  29: mov rsp,rbp
  2c: pop rbp
  2d: ret
  2e: mov esi,0Ah
  33: mov rdi,[r14]
  36: call qword ptr [rdi+10h]
;; function 2
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-20h]
   c: cmp rcx,[rax+8]
  10: jb 00000000000000C3h
  16: sub rsp,20h
  1a: mov [rbp-8],r14
  1e: mov r10d,[rbp+10h]
  22: mov r8d,[rbp+18h]
  26: mov r11,[r14+20h]
  2a: mov r11,[r11]
  2d: cmp r8,[r11+8]
  31: jae 00000000000000A2h
  37: mov r11,[r11]
  3a: mov rcx,[r11+r8*8]
  3e: mov rax,[r14+28h]
  42: cmp rcx,rax
  45: jne 0000000000000054h
  4b: imul r10d,r10d
  4f: jmp 0000000000000099h
  54: mov [rsp],r10
  58: mov r11d,r8d
  5b: mov rax,[r14+20h]
  5f: mov rax,[rax]
  62: cmp r11,[rax+8]
  66: jae 00000000000000A2h
  6c: mov rax,[rax]
  6f: mov rax,[rax+r11*8]
  73: test rax,rax
  76: je 00000000000000ADh
  7c: mov rcx,[r14+30h]
  80: mov ecx,[rcx]
  82: cmp ecx,[rax+10h]
  85: jne 00000000000000B8h
  8b: mov r14,[rax+8]
  8f: call qword ptr [rax]
  91: mov r14,[rbp-8]
  95: mov r10d,[rsp]
  99: mov [rbp+10h],r10
  9d: mov rsp,rbp
  a0: pop rbp
  a1: ret
  a2: mov esi,7
  a7: mov rdi,[r14]
  aa: call qword ptr [rdi+10h]
  ad: mov esi,8
  b2: mov rdi,[r14]
  b5: call qword ptr [rdi+10h]
  b8: mov esi,9
  bd: mov rdi,[r14]
  c0: call qword ptr [rdi+10h]
  c3: mov esi,0Ah
  c8: mov rdi,[r14]
  cb: call qword ptr [rdi+10h]
;; function 3
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-20h]
   c: cmp rcx,[rax+8]
  10: jb 0000000000000093h
  16: sub rsp,20h
  1a: mov [rbp-8],r14
  1e: mov esi,[rbp+10h]
  21: mov r8d,[rbp+18h]
  25: mov [rsp],rsi
  29: mov r11d,r8d
  2c: mov rax,[r14+20h]
  30: mov rax,[rax]
  33: cmp r11,[rax+8]
  37: jae 0000000000000072h
  3d: mov rax,[rax]
  40: mov rax,[rax+r11*8]
  44: test rax,rax
  47: je 000000000000007Dh
  4d: mov rcx,[r14+30h]
  51: mov ecx,[rcx]
  53: cmp ecx,[rax+10h]
  56: jne 0000000000000088h
  5c: mov r14,[rax+8]
  60: call qword ptr [rax]
  62: mov r14,[rbp-8]
  66: mov eax,[rsp]
  69: mov [rbp+10h],rax
  6d: mov rsp,rbp
  70: pop rbp
  71: ret
  72: mov esi,7
  77: mov rdi,[r14]
  7a: call qword ptr [rdi+10h]
  7d: mov esi,8
  82: mov rdi,[r14]
  85: call qword ptr [rdi+10h]
  88: mov esi,9
  8d: mov rdi,[r14]
  90: call qword ptr [rdi+10h]
  93: mov esi,0Ah
  98: mov rdi,[r14]
  9b: call qword ptr [rdi+10h]
