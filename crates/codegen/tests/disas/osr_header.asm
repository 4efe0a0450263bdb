;; function 0
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-30h]
   f: cmp rcx,[rax+8]
  13: jb 00000000000000C7h
  19: sub rsp,30h
  20: mov [rbp-8],r14
  24: xor eax,eax
  26: mov [rbp-10h],rax
  2a: mov r11,[r14+50h]
  2e: sub dword ptr [r11],1
  32: jl 0000000000000078h
  38: mov dword ptr [rbp-18h],7
  3f: mov dword ptr [rbp-20h],9
  46: mov r11,[r14+50h]
  4a: sub dword ptr [r11],1
  4e: jl 0000000000000098h
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
  70: mov rax,rsi
  73: mov rsp,rbp
  76: pop rbp
  77: ret
  78: mov rdi,r14
  7b: mov esi,0
  80: mov edx,0FFFFFFFFh
  85: mov rcx,rbp
  88: mov r8,rsp
  8b: mov rax,[r14+38h]
  8f: call qword ptr [rax+50h]
  92: mov r14,[rbp-8]
  96: jmp short 0000000000000038h
  98: mov rdi,r14
  9b: mov esi,0
  a0: mov edx,0
  a5: mov rcx,rbp
  a8: mov r8,rsp
  ab: mov rax,[r14+38h]
  af: call qword ptr [rax+50h]
  b2: mov r14,[rbp-8]
  b6: test rax,rax
  b9: je 00000000000000C5h
  bf: mov rsp,rbp
  c2: pop rbp
  c3: jmp rax
  c5: jmp short 0000000000000054h
  c7: mov esi,0Ah
  cc: mov rdi,[r14]
  cf: call qword ptr [rdi+10h]
