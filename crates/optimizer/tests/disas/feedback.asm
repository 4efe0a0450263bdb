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
  10: jb 00000000000000C7h
  16: sub rsp,20h
  1a: mov [rbp-8],r14
  1e: mov r10d,[rbp+10h]
  22: mov r8d,[rbp+18h]
  26: mov r11,[r14+20h]
  2a: mov r11,[r11]
  2d: cmp r8,[r11+8]
  31: jae 00000000000000A6h
  37: mov r11,[r11]
  3a: mov rcx,[r11+r8*8]
  3e: mov rax,[r14+28h]
  42: cmp rcx,rax
  45: jne 0000000000000054h
  4b: imul r10d,r10d
  4f: jmp 000000000000009Dh
  54: mov [rsp],r10
  58: mov r11d,r8d
  5b: mov rax,[r14+20h]
  5f: mov rax,[rax]
  62: cmp r11,[rax+8]
  66: jae 00000000000000A6h
  6c: mov rax,[rax]
  6f: mov rax,[rax+r11*8]
  73: test rax,rax
  76: je 00000000000000B1h
  7c: mov rcx,[r14+30h]
  80: mov ecx,[rcx]
  82: cmp ecx,[rax+10h]
  85: jne 00000000000000BCh
  8b: mov r14,[rax+8]
  8f: call qword ptr [rax]
  91: mov r14,[rbp-8]
  95: mov r10d,[rsp]
  99: lea rsp,[rbp-20h]
  9d: mov [rbp+10h],r10
  a1: mov rsp,rbp
  a4: pop rbp
  a5: ret
  a6: mov esi,7
  ab: mov rdi,[r14]
  ae: call qword ptr [rdi+10h]
  b1: mov esi,8
  b6: mov rdi,[r14]
  b9: call qword ptr [rdi+10h]
  bc: mov esi,9
  c1: mov rdi,[r14]
  c4: call qword ptr [rdi+10h]
  c7: mov esi,0Ah
  cc: mov rdi,[r14]
  cf: call qword ptr [rdi+10h]
;; function 3
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-20h]
   c: cmp rcx,[rax+8]
  10: jb 0000000000000097h
  16: sub rsp,20h
  1a: mov [rbp-8],r14
  1e: mov esi,[rbp+10h]
  21: mov r8d,[rbp+18h]
  25: mov [rsp],rsi
  29: mov r11d,r8d
  2c: mov rax,[r14+20h]
  30: mov rax,[rax]
  33: cmp r11,[rax+8]
  37: jae 0000000000000076h
  3d: mov rax,[rax]
  40: mov rax,[rax+r11*8]
  44: test rax,rax
  47: je 0000000000000081h
  4d: mov rcx,[r14+30h]
  51: mov ecx,[rcx]
  53: cmp ecx,[rax+10h]
  56: jne 000000000000008Ch
  5c: mov r14,[rax+8]
  60: call qword ptr [rax]
  62: mov r14,[rbp-8]
  66: mov eax,[rsp]
  69: lea rsp,[rbp-20h]
  6d: mov [rbp+10h],rax
  71: mov rsp,rbp
  74: pop rbp
  75: ret
  76: mov esi,7
  7b: mov rdi,[r14]
  7e: call qword ptr [rdi+10h]
  81: mov esi,8
  86: mov rdi,[r14]
  89: call qword ptr [rdi+10h]
  8c: mov esi,9
  91: mov rdi,[r14]
  94: call qword ptr [rdi+10h]
  97: mov esi,0Ah
  9c: mov rdi,[r14]
  9f: call qword ptr [rdi+10h]
