;; function 0
   0: push rbp
   1: mov rbp,rsp
   4: lea eax,[rsi+1]
   7: mov rsp,rbp
   a: pop rbp
   b: ret
;; function 1
   0: push rbp
   1: mov rbp,rsp
   4: imul eax,esi,3
   7: mov rsp,rbp
   a: pop rbp
   b: ret
;; function 2
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-40h]
   c: cmp rcx,[rax+8]
  10: jb 00000000000000DAh
  16: sub rsp,40h
  1a: mov [rbp-8],r14
  1e: mov [rbp-10h],rbx
  22: mov [rbp-18h],r12
  26: mov [rbp-20h],r13
  2a: mov rax,rsi
  2d: mov r11,[r14+20h]
  31: mov r11,[r11]
  34: mov rbx,[r11]
  37: mov r12,[r14+30h]
  3b: mov r12d,[r12]
  3f: xor edi,edi
  41: mov r13,rax
  44: mov rax,rdi
  47: nop [rax+rax]
  50: mov [rbp-30h],rax
  54: mov rdi,r13
  57: and edi,1
  5a: mov [rsp],r13
  5e: mov rsi,r13
  61: mov r11d,edi
  64: cmp r11,4
  68: jae 00000000000000B9h
  6e: mov r11,[rbx+r11*8]
  72: test r11,r11
  75: je 00000000000000C4h
  7b: cmp r12d,[r11+10h]
  7f: jne 00000000000000CFh
  85: mov rax,r11
  88: mov rdx,r14
  8b: mov r14,[rax+8]
  8f: call qword ptr [rax]
  91: mov r14,[rbp-8]
  95: lea rsp,[rbp-40h]
  99: mov rsi,[rbp-30h]
  9d: add eax,esi
  9f: add r13d,0FFFFFFFFh
  a3: test r13d,r13d
  a6: jne short 0000000000000050h
  a8: mov rbx,[rbp-10h]
  ac: mov r12,[rbp-18h]
  b0: mov r13,[rbp-20h]
  b4: mov rsp,rbp
  b7: pop rbp
  b8: ret
  b9: mov esi,7
  be: mov rdi,[r14]
  c1: call qword ptr [rdi+10h]
  c4: mov esi,8
  c9: mov rdi,[r14]
  cc: call qword ptr [rdi+10h]
  cf: mov esi,9
  d4: mov rdi,[r14]
  d7: call qword ptr [rdi+10h]
  da: mov esi,0Ah
  df: mov rdi,[r14]
  e2: call qword ptr [rdi+10h]
;; function 3
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-30h]
   c: cmp rcx,[rax+8]
  10: jb 00000000000000D3h
  16: sub rsp,30h
  1a: mov [rbp-8],r14
  1e: mov [rbp-10h],rbx
  22: mov [rbp-18h],r12
  26: mov rax,rsi
  29: xor edi,edi
  2b: mov rbx,rax
  2e: mov r12,rdi
  31: nop [rax+rax]
  3a: nop [rax+rax]
  40: mov rax,rbx
  43: and eax,1
  46: mov [rsp],rbx
  4a: mov rsi,rbx
  4d: mov r11d,eax
  50: mov rax,[r14+20h]
  54: mov rax,[rax+8]
  58: cmp r11,[rax+8]
  5c: jae 00000000000000B2h
  62: mov rax,[rax]
  65: mov rax,[rax+r11*8]
  69: test rax,rax
  6c: je 00000000000000BDh
  72: mov rcx,[r14+30h]
  76: mov ecx,[rcx]
  78: cmp ecx,[rax+10h]
  7b: jne 00000000000000C8h
  81: mov rdx,r14
  84: mov r14,[rax+8]
  88: call qword ptr [rax]
  8a: mov r14,[rbp-8]
  8e: lea rsp,[rbp-30h]
  92: add eax,r12d
  95: add ebx,0FFFFFFFFh
  98: test ebx,ebx
  9a: je 00000000000000A5h
  a0: mov r12,rax
  a3: jmp short 0000000000000040h
  a5: mov rbx,[rbp-10h]
  a9: mov r12,[rbp-18h]
  ad: mov rsp,rbp
  b0: pop rbp
  b1: ret
  b2: mov esi,7
  b7: mov rdi,[r14]
  ba: call qword ptr [rdi+10h]
  bd: mov esi,8
  c2: mov rdi,[r14]
  c5: call qword ptr [rdi+10h]
  c8: mov esi,9
  cd: mov rdi,[r14]
  d0: call qword ptr [rdi+10h]
  d3: mov esi,0Ah
  d8: mov rdi,[r14]
  db: call qword ptr [rdi+10h]
