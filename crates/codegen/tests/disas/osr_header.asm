;; function 0
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-30h]
   f: cmp rcx,[rax+8]
  13: jb 00000000000000CAh
  19: sub rsp,30h
  20: mov [rbp-8],r14
  24: xor eax,eax
  26: mov [rbp-10h],rax
  2a: mov r11,[r14+50h]
  2e: sub dword ptr [r11],1
  32: jl 000000000000007Bh
  38: mov dword ptr [rbp-18h],7
  3f: mov dword ptr [rbp-20h],9
  46: mov r11,[r14+50h]
  4a: sub dword ptr [r11],1
  4e: jl 000000000000009Bh
  54: mov esi,[rbp-10h]
  57: add esi,[rbp+10h]
  5a: mov [rbp-10h],esi
  5d: mov esi,[rbp+10h]
  60: sub esi,1
  63: mov [rbp+10h],esi
  66: test esi,esi
  68: jne short 0000000000000046h
  6a: mov esi,[rbp-10h]
  6d: add esi,10h
  70: mov [rbp+10h],esi
  73: mov eax,[rbp+10h]
  76: mov rsp,rbp
  79: pop rbp
  7a: ret
  7b: mov rdi,r14
  7e: mov esi,0
  83: mov edx,0FFFFFFFFh
  88: mov rcx,rbp
  8b: mov r8,rsp
  8e: mov rax,[r14+38h]
  92: call qword ptr [rax+50h]
  95: mov r14,[rbp-8]
  99: jmp short 0000000000000038h
  9b: mov rdi,r14
  9e: mov esi,0
  a3: mov edx,0
  a8: mov rcx,rbp
  ab: mov r8,rsp
  ae: mov rax,[r14+38h]
  b2: call qword ptr [rax+50h]
  b5: mov r14,[rbp-8]
  b9: test rax,rax
  bc: je 00000000000000C8h
  c2: mov rsp,rbp
  c5: pop rbp
  c6: jmp rax
  c8: jmp short 0000000000000054h
  ca: mov esi,0Ah
  cf: mov rdi,[r14]
  d2: call qword ptr [rdi+10h]
