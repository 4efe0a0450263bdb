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
  13: jb 0000000000000172h
  19: sub rsp,20h
  20: mov [rbp-8],r14
  24: mov r11,[r14+50h]
  28: sub dword ptr [r11+4],1
  2d: jl 000000000000012Eh
  33: jmp 0000000000000038h
  38: sub rsp,10h
  3c: mov r11d,[rbp+10h]
  40: mov [rsp],r11d
  44: mov r11d,[rbp+18h]
  48: mov rax,[r14+20h]
  4c: mov rax,[rax]
  4f: cmp r11,[rax+8]
  53: jae 0000000000000151h
  59: mov rax,[rax]
  5c: mov rax,[rax+r11*8]
  60: test rax,rax
  63: je 000000000000015Ch
  69: mov rcx,[r14+30h]
  6d: mov ecx,[rcx]
  6f: cmp ecx,[rax+10h]
  72: jne 0000000000000167h
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
  b8: lea rsp,[rbp-20h]
  bf: mov r14,[rbp-8]
  c3: mov rsi,[r14+28h]
  c7: add rsi,0
  cb: sub rsp,10h
  cf: mov [rsp],eax
  d2: mov rax,rsi
  d5: test rax,rax
  d8: je 000000000000017Dh
  de: mov r11,[r14+58h]
  e2: mov r11,[r11+8]
  e6: mov rcx,[rax]
  e9: mov rdx,[r11+10h]
  ed: cmp rdx,rcx
  f0: je 0000000000000112h
  f6: cmp rdx,1
  fa: je 0000000000000112h
 100: test rdx,rdx
 103: je 000000000000010Eh
 109: mov ecx,1
 10e: mov [r11+10h],rcx
 112: mov esi,[rsp]
 115: mov rdx,r14
 118: mov r14,[rax+8]
 11c: call qword ptr [rax]
 11e: lea rsp,[rbp-20h]
 125: mov r14,[rbp-8]
 129: mov rsp,rbp
 12c: pop rbp
 12d: ret
 12e: mov rdi,r14
 131: mov esi,1
 136: mov edx,0FFFFFFFFh
 13b: mov rcx,rbp
 13e: mov r8,rsp
 141: mov rax,[r14+38h]
 145: call qword ptr [rax+50h]
 148: mov r14,[rbp-8]
 14c: jmp 0000000000000033h
 151: mov esi,7
 156: mov rdi,[r14]
 159: call qword ptr [rdi+10h]
 15c: mov esi,8
 161: mov rdi,[r14]
 164: call qword ptr [rdi+10h]
 167: mov esi,9
 16c: mov rdi,[r14]
 16f: call qword ptr [rdi+10h]
 172: mov esi,0Ah
 177: mov rdi,[r14]
 17a: call qword ptr [rdi+10h]
 17d: mov esi,0Fh
 182: mov rdi,[r14]
 185: call qword ptr [rdi+10h]
