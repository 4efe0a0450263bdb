;; function 0
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-20h]
   f: cmp rcx,[rax+8]
  13: jb 00000000000000A6h
  19: sub rsp,10h
  20: mov [rbp-8],r14
  24: mov r15,[r14+8]
  28: mov r11,[r14+50h]
  2c: sub dword ptr [r11],1
  30: jl 0000000000000082h
  36: sub rsp,10h
  3a: mov r11d,[rbp+10h]
  3e: mov [rsp],r11d
  42: mov r11,[r14+48h]
  46: lea r11,[r11+8]
  4a: call qword ptr [r11]
  4d: mov esi,[rsp]
  50: lea rsp,[rbp-10h]
  57: sub rsp,10h
  5b: mov [rsp],esi
  5e: mov rax,[r14+28h]
  62: mov r14,[rax+8]
  66: call qword ptr [rax]
  68: mov esi,[rsp]
  6b: lea rsp,[rbp-10h]
  72: mov r14,[rbp-8]
  76: mov r15,[r14+8]
  7a: mov [rbp+10h],esi
  7d: mov rsp,rbp
  80: pop rbp
  81: ret
  82: mov rdi,r14
  85: mov esi,1
  8a: mov edx,0FFFFFFFFh
  8f: mov rcx,rbp
  92: mov r8,rsp
  95: mov rax,[r14+38h]
  99: call qword ptr [rax+50h]
  9c: mov r14,[rbp-8]
  a0: mov r15,[r14+8]
  a4: jmp short 0000000000000036h
  a6: mov esi,0Ah
  ab: mov rdi,[r14]
  ae: call qword ptr [rdi+10h]
;; function 1
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-30h]
   f: cmp rcx,[rax+8]
  13: jb 000000000000014Ch
  19: sub rsp,30h
  20: mov [rbp-8],r14
  24: mov r15,[r14+8]
  28: xor eax,eax
  2a: mov [rbp-10h],rax
  2e: mov [rbp-18h],rax
  32: mov r11,[r14+50h]
  36: sub dword ptr [r11+4],1
  3b: jl 00000000000000B9h
  41: mov r11,[r14+50h]
  45: sub dword ptr [r11+4],1
  4a: jl 00000000000000E0h
  50: mov dword ptr [rbp-18h],4
  57: mov r11,[r14+50h]
  5b: sub dword ptr [r11+4],1
  60: jl 0000000000000116h
  66: mov r11d,[rbp-18h]
  6a: mov esi,[r15+r11]
  6e: add esi,[rbp-10h]
  71: mov [rbp-10h],esi
  74: mov esi,[rbp-18h]
  77: sub esi,1
  7a: mov [rbp-18h],esi
  7d: test esi,esi
  7f: jne short 0000000000000057h
  81: mov esi,[rbp-10h]
  84: mov r11d,[rbp+10h]
  88: mov [r15+r11+40h],esi
  8d: mov r11d,[rbp+10h]
  91: mov esi,[r15+r11+80h]
  99: xor esi,[rbp-10h]
  9c: mov [rbp-10h],esi
  9f: mov esi,[rbp+10h]
  a2: sub esi,1
  a5: mov [rbp+10h],esi
  a8: test esi,esi
  aa: jne short 0000000000000041h
  ac: mov r11d,[rbp-10h]
  b0: mov [rbp+10h],r11d
  b4: mov rsp,rbp
  b7: pop rbp
  b8: ret
  b9: mov rdi,r14
  bc: mov esi,2
  c1: mov edx,0FFFFFFFFh
  c6: mov rcx,rbp
  c9: mov r8,rsp
  cc: mov rax,[r14+38h]
  d0: call qword ptr [rax+50h]
  d3: mov r14,[rbp-8]
  d7: mov r15,[r14+8]
  db: jmp 0000000000000041h
  e0: mov rdi,r14
  e3: mov esi,2
  e8: mov edx,0
  ed: mov rcx,rbp
  f0: mov r8,rsp
  f3: mov rax,[r14+38h]
  f7: call qword ptr [rax+50h]
  fa: mov r14,[rbp-8]
  fe: test rax,rax
 101: je 000000000000010Dh
 107: mov rsp,rbp
 10a: pop rbp
 10b: jmp rax
 10d: mov r15,[r14+8]
 111: jmp 0000000000000050h
 116: mov rdi,r14
 119: mov esi,2
 11e: mov edx,1
 123: mov rcx,rbp
 126: mov r8,rsp
 129: mov rax,[r14+38h]
 12d: call qword ptr [rax+50h]
 130: mov r14,[rbp-8]
 134: test rax,rax
 137: je 0000000000000143h
 13d: mov rsp,rbp
 140: pop rbp
 141: jmp rax
 143: mov r15,[r14+8]
 147: jmp 0000000000000066h
 14c: mov esi,0Ah
 151: mov rdi,[r14]
 154: call qword ptr [rdi+10h]
