;; function 0
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-20h]
   f: cmp rcx,[rax+8]
  13: jb 00000000000000BDh
  19: sub rsp,10h
  20: mov [rbp-8],r14
  24: mov r15,[r14+8]
  28: mov r11,[r14+50h]
  2c: sub dword ptr [r11],1
  30: jl 0000000000000096h
  36: sub rsp,10h
  3a: mov r11d,[rbp+10h]
  3e: mov [rsp],r11d
  42: mov esi,[rsp]
  45: mov r11,[r14+48h]
  49: lea r11,[r11+8]
  4d: call qword ptr [r11]
  50: mov [rsp],rax
  54: mov esi,[rsp]
  57: lea rsp,[rbp-10h]
  5e: sub rsp,10h
  62: mov [rsp],esi
  65: mov esi,[rsp]
  68: mov rax,[r14+28h]
  6c: mov rdx,r14
  6f: mov r14,[rax+8]
  73: call qword ptr [rax]
  75: mov [rsp],rax
  79: mov esi,[rsp]
  7c: lea rsp,[rbp-10h]
  83: mov r14,[rbp-8]
  87: mov r15,[r14+8]
  8b: mov [rbp+10h],esi
  8e: mov eax,[rbp+10h]
  91: mov rsp,rbp
  94: pop rbp
  95: ret
  96: mov rdi,r14
  99: mov esi,1
  9e: mov edx,0FFFFFFFFh
  a3: mov rcx,rbp
  a6: mov r8,rsp
  a9: mov rax,[r14+38h]
  ad: call qword ptr [rax+50h]
  b0: mov r14,[rbp-8]
  b4: mov r15,[r14+8]
  b8: jmp 0000000000000036h
  bd: mov esi,0Ah
  c2: mov rdi,[r14]
  c5: call qword ptr [rdi+10h]
;; function 1
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-30h]
   f: cmp rcx,[rax+8]
  13: jb 000000000000014Fh
  19: sub rsp,30h
  20: mov [rbp-8],r14
  24: mov r15,[r14+8]
  28: xor eax,eax
  2a: mov [rbp-10h],rax
  2e: mov [rbp-18h],rax
  32: mov r11,[r14+50h]
  36: sub dword ptr [r11+4],1
  3b: jl 00000000000000BCh
  41: mov r11,[r14+50h]
  45: sub dword ptr [r11+4],1
  4a: jl 00000000000000E3h
  50: mov dword ptr [rbp-18h],4
  57: mov r11,[r14+50h]
  5b: sub dword ptr [r11+4],1
  60: jl 0000000000000119h
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
  b4: mov eax,[rbp+10h]
  b7: mov rsp,rbp
  ba: pop rbp
  bb: ret
  bc: mov rdi,r14
  bf: mov esi,2
  c4: mov edx,0FFFFFFFFh
  c9: mov rcx,rbp
  cc: mov r8,rsp
  cf: mov rax,[r14+38h]
  d3: call qword ptr [rax+50h]
  d6: mov r14,[rbp-8]
  da: mov r15,[r14+8]
  de: jmp 0000000000000041h
  e3: mov rdi,r14
  e6: mov esi,2
  eb: mov edx,0
  f0: mov rcx,rbp
  f3: mov r8,rsp
  f6: mov rax,[r14+38h]
  fa: call qword ptr [rax+50h]
  fd: mov r14,[rbp-8]
 101: test rax,rax
 104: je 0000000000000110h
 10a: mov rsp,rbp
 10d: pop rbp
 10e: jmp rax
 110: mov r15,[r14+8]
 114: jmp 0000000000000050h
 119: mov rdi,r14
 11c: mov esi,2
 121: mov edx,1
 126: mov rcx,rbp
 129: mov r8,rsp
 12c: mov rax,[r14+38h]
 130: call qword ptr [rax+50h]
 133: mov r14,[rbp-8]
 137: test rax,rax
 13a: je 0000000000000146h
 140: mov rsp,rbp
 143: pop rbp
 144: jmp rax
 146: mov r15,[r14+8]
 14a: jmp 0000000000000066h
 14f: mov esi,0Ah
 154: mov rdi,[r14]
 157: call qword ptr [rdi+10h]
