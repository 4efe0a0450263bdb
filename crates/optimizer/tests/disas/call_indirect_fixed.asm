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
  10: jb 00000000000000E6h
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
  68: jae 00000000000000C5h
  6e: mov r11,[rbx+r11*8]
  72: test r11,r11
  75: je 00000000000000D0h
  7b: cmp r12d,[r11+10h]
  7f: jne 00000000000000DBh
  85: mov rax,r11
  88: mov rdx,r14
  8b: mov r14,[rax+8]
  8f: call qword ptr [rax]
  91: mov r14,[rbp-8]
  95: lea r11,[rbp-40h]
  99: cmp rsp,r11
  9c: je 00000000000000A5h
  a2: mov rsp,r11
  a5: mov rsi,[rbp-30h]
  a9: add eax,esi
  ab: add r13d,0FFFFFFFFh
  af: test r13d,r13d
  b2: jne short 0000000000000050h
  b4: mov rbx,[rbp-10h]
  b8: mov r12,[rbp-18h]
  bc: mov r13,[rbp-20h]
  c0: mov rsp,rbp
  c3: pop rbp
  c4: ret
  c5: mov esi,7
  ca: mov rdi,[r14]
  cd: call qword ptr [rdi+10h]
  d0: mov esi,8
  d5: mov rdi,[r14]
  d8: call qword ptr [rdi+10h]
  db: mov esi,9
  e0: mov rdi,[r14]
  e3: call qword ptr [rdi+10h]
  e6: mov esi,0Ah
  eb: mov rdi,[r14]
  ee: call qword ptr [rdi+10h]
;; function 3
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-30h]
   c: cmp rcx,[rax+8]
  10: jb 00000000000000DFh
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
  5c: jae 00000000000000BEh
  62: mov rax,[rax]
  65: mov rax,[rax+r11*8]
  69: test rax,rax
  6c: je 00000000000000C9h
  72: mov rcx,[r14+30h]
  76: mov ecx,[rcx]
  78: cmp ecx,[rax+10h]
  7b: jne 00000000000000D4h
  81: mov rdx,r14
  84: mov r14,[rax+8]
  88: call qword ptr [rax]
  8a: mov r14,[rbp-8]
  8e: lea r11,[rbp-30h]
  92: cmp rsp,r11
  95: je 000000000000009Eh
  9b: mov rsp,r11
  9e: add eax,r12d
  a1: add ebx,0FFFFFFFFh
  a4: test ebx,ebx
  a6: je 00000000000000B1h
  ac: mov r12,rax
  af: jmp short 0000000000000040h
  b1: mov rbx,[rbp-10h]
  b5: mov r12,[rbp-18h]
  b9: mov rsp,rbp
  bc: pop rbp
  bd: ret
  be: mov esi,7
  c3: mov rdi,[r14]
  c6: call qword ptr [rdi+10h]
  c9: mov esi,8
  ce: mov rdi,[r14]
  d1: call qword ptr [rdi+10h]
  d4: mov esi,9
  d9: mov rdi,[r14]
  dc: call qword ptr [rdi+10h]
  df: mov esi,0Ah
  e4: mov rdi,[r14]
  e7: call qword ptr [rdi+10h]
