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
  42: mov esi,[rsp]
  45: mov r11,[r14+48h]
  49: lea r11,[r11+8]
  4d: call qword ptr [r11]
  50: lea rsp,[rbp-10h]
  57: sub rsp,10h
  5b: mov [rsp],eax
  5e: mov esi,[rsp]
  61: mov rax,[r14+28h]
  65: mov rdx,r14
  68: mov r14,[rax+8]
  6c: call qword ptr [rax]
  6e: lea rsp,[rbp-10h]
  75: mov r14,[rbp-8]
  79: mov r15,[r14+8]
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
  13: jb 0000000000000147h
  19: sub rsp,30h
  20: mov [rbp-8],r14
  24: mov r15,[r14+8]
  28: xor eax,eax
  2a: mov [rbp-10h],rax
  2e: mov [rbp-18h],rax
  32: mov r11,[r14+50h]
  36: sub dword ptr [r11+4],1
  3b: jl 00000000000000B4h
  41: mov r11,[r14+50h]
  45: sub dword ptr [r11+4],1
  4a: jl 00000000000000DBh
  50: mov dword ptr [rbp-18h],4
  57: mov r11,[r14+50h]
  5b: sub dword ptr [r11+4],1
  60: jl 0000000000000111h
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
  ac: mov eax,[rbp-10h]
  af: mov rsp,rbp
  b2: pop rbp
  b3: ret
  b4: mov rdi,r14
  b7: mov esi,2
  bc: mov edx,0FFFFFFFFh
  c1: mov rcx,rbp
  c4: mov r8,rsp
  c7: mov rax,[r14+38h]
  cb: call qword ptr [rax+50h]
  ce: mov r14,[rbp-8]
  d2: mov r15,[r14+8]
  d6: jmp 0000000000000041h
  db: mov rdi,r14
  de: mov esi,2
  e3: mov edx,0
  e8: mov rcx,rbp
  eb: mov r8,rsp
  ee: mov rax,[r14+38h]
  f2: call qword ptr [rax+50h]
  f5: mov r14,[rbp-8]
  f9: test rax,rax
  fc: je 0000000000000108h
 102: mov rsp,rbp
 105: pop rbp
 106: jmp rax
 108: mov r15,[r14+8]
 10c: jmp 0000000000000050h
 111: mov rdi,r14
 114: mov esi,2
 119: mov edx,1
 11e: mov rcx,rbp
 121: mov r8,rsp
 124: mov rax,[r14+38h]
 128: call qword ptr [rax+50h]
 12b: mov r14,[rbp-8]
 12f: test rax,rax
 132: je 000000000000013Eh
 138: mov rsp,rbp
 13b: pop rbp
 13c: jmp rax
 13e: mov r15,[r14+8]
 142: jmp 0000000000000066h
 147: mov esi,0Ah
 14c: mov rdi,[r14]
 14f: call qword ptr [rdi+10h]
