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
  10: jb 00000000000000D7h
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
  68: jae 00000000000000B6h
  6e: mov r11,[rbx+r11*8]
  72: test r11,r11
  75: je 00000000000000C1h
  7b: cmp r12d,[r11+10h]
  7f: jne 00000000000000CCh
  85: mov rax,r11
  88: mov r14,[rax+8]
  8c: call qword ptr [rax]
  8e: mov r14,[rbp-8]
  92: lea rsp,[rbp-40h]
  96: mov rsi,[rbp-30h]
  9a: add eax,esi
  9c: add r13d,0FFFFFFFFh
  a0: test r13d,r13d
  a3: jne short 0000000000000050h
  a5: mov rbx,[rbp-10h]
  a9: mov r12,[rbp-18h]
  ad: mov r13,[rbp-20h]
  b1: mov rsp,rbp
  b4: pop rbp
  b5: ret
  b6: mov esi,7
  bb: mov rdi,[r14]
  be: call qword ptr [rdi+10h]
  c1: mov esi,8
  c6: mov rdi,[r14]
  c9: call qword ptr [rdi+10h]
  cc: mov esi,9
  d1: mov rdi,[r14]
  d4: call qword ptr [rdi+10h]
  d7: mov esi,0Ah
  dc: mov rdi,[r14]
  df: call qword ptr [rdi+10h]
;; function 3
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-30h]
   c: cmp rcx,[rax+8]
  10: jb 00000000000000D0h
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
  5c: jae 00000000000000AFh
  62: mov rax,[rax]
  65: mov rax,[rax+r11*8]
  69: test rax,rax
  6c: je 00000000000000BAh
  72: mov rcx,[r14+30h]
  76: mov ecx,[rcx]
  78: cmp ecx,[rax+10h]
  7b: jne 00000000000000C5h
  81: mov r14,[rax+8]
  85: call qword ptr [rax]
  87: mov r14,[rbp-8]
  8b: lea rsp,[rbp-30h]
  8f: add eax,r12d
  92: add ebx,0FFFFFFFFh
  95: test ebx,ebx
  97: je 00000000000000A2h
  9d: mov r12,rax
  a0: jmp short 0000000000000040h
  a2: mov rbx,[rbp-10h]
  a6: mov r12,[rbp-18h]
  aa: mov rsp,rbp
  ad: pop rbp
  ae: ret
  af: mov esi,7
  b4: mov rdi,[r14]
  b7: call qword ptr [rdi+10h]
  ba: mov esi,8
  bf: mov rdi,[r14]
  c2: call qword ptr [rdi+10h]
  c5: mov esi,9
  ca: mov rdi,[r14]
  cd: call qword ptr [rdi+10h]
  d0: mov esi,0Ah
  d5: mov rdi,[r14]
  d8: call qword ptr [rdi+10h]
