;; function 0
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-10h]
   f: cmp rcx,[rax+8]
  13: jb 000000000000005Ah
  19: sub rsp,10h
  20: mov [rbp-8],r14
  24: mov r11,[r14+50h]
  28: sub dword ptr [r11],1
  2c: jl 000000000000003Ah
  32: mov eax,[rbp+10h]
  35: mov rsp,rbp
  38: pop rbp
  39: ret
  3a: mov rdi,r14
  3d: mov esi,0
  42: mov edx,0FFFFFFFFh
  47: mov rcx,rbp
  4a: mov r8,rsp
  4d: mov rax,[r14+38h]
  51: call qword ptr [rax+50h]
  54: mov r14,[rbp-8]
  58: jmp short 0000000000000032h
  5a: mov esi,0Ah
  5f: mov rdi,[r14]
  62: call qword ptr [rdi+10h]
;; function 1
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-30h]
   f: cmp rcx,[rax+8]
  13: jb 0000000000000186h
  19: sub rsp,20h
  20: mov [rbp-8],r14
  24: mov r11,[r14+50h]
  28: sub dword ptr [r11+4],1
  2d: jl 0000000000000142h
  33: jmp 0000000000000038h
  38: sub rsp,10h
  3c: mov r11d,[rbp+10h]
  40: mov [rsp],r11d
  44: mov r11d,[rbp+18h]
  48: mov rax,[r14+20h]
  4c: mov rax,[rax]
  4f: cmp r11,[rax+8]
  53: jae 0000000000000165h
  59: mov rax,[rax]
  5c: mov rax,[rax+r11*8]
  60: test rax,rax
  63: je 0000000000000170h
  69: mov rcx,[r14+30h]
  6d: mov ecx,[rcx]
  6f: cmp ecx,[rax+10h]
  72: jne 000000000000017Bh
  78: mov r11,[r14+58h]
  7c: mov r11,[r11+8]
  80: mov rcx,[rax]
  83: mov rdx,[r11+8]
  87: cmp rdx,rcx
  8a: je 00000000000000ACh
  90: cmp rdx,1
  94: je 00000000000000ACh
  9a: test rdx,rdx
  9d: je 00000000000000A8h
  a3: mov ecx,1
  a8: mov [r11+8],rcx
  ac: mov esi,[rsp]
  af: mov rdx,r14
  b2: mov r14,[rax+8]
  b6: call qword ptr [rax]
  b8: mov [rsp],rax
  bc: mov esi,[rsp]
  bf: lea rsp,[rbp-20h]
  c6: mov r14,[rbp-8]
  ca: mov rdi,[r14+28h]
  ce: add rdi,0
  d2: sub rsp,10h
  d6: mov [rsp],esi
  d9: mov rax,rdi
  dc: test rax,rax
  df: je 0000000000000191h
  e5: mov r11,[r14+58h]
  e9: mov r11,[r11+8]
  ed: mov rcx,[rax]
  f0: mov rdx,[r11+10h]
  f4: cmp rdx,rcx
  f7: je 0000000000000119h
  fd: cmp rdx,1
 101: je 0000000000000119h
 107: test rdx,rdx
 10a: je 0000000000000115h
 110: mov ecx,1
 115: mov [r11+10h],rcx
 119: mov esi,[rsp]
 11c: mov rdx,r14
 11f: mov r14,[rax+8]
 123: call qword ptr [rax]
 125: mov [rsp],rax
 129: mov esi,[rsp]
 12c: lea rsp,[rbp-20h]
 133: mov r14,[rbp-8]
 137: mov [rbp+10h],esi
 13a: mov eax,[rbp+10h]
 13d: mov rsp,rbp
 140: pop rbp
 141: ret
 142: mov rdi,r14
 145: mov esi,1
 14a: mov edx,0FFFFFFFFh
 14f: mov rcx,rbp
 152: mov r8,rsp
 155: mov rax,[r14+38h]
 159: call qword ptr [rax+50h]
 15c: mov r14,[rbp-8]
 160: jmp 0000000000000033h
 165: mov esi,7
 16a: mov rdi,[r14]
 16d: call qword ptr [rdi+10h]
 170: mov esi,8
 175: mov rdi,[r14]
 178: call qword ptr [rdi+10h]
 17b: mov esi,9
 180: mov rdi,[r14]
 183: call qword ptr [rdi+10h]
 186: mov esi,0Ah
 18b: mov rdi,[r14]
 18e: call qword ptr [rdi+10h]
 191: mov esi,0Fh
 196: mov rdi,[r14]
 199: call qword ptr [rdi+10h]
