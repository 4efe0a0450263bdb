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
  13: jb 0000000000000180h
  19: sub rsp,20h
  20: mov [rbp-8],r14
  24: mov r11,[r14+50h]
  28: sub dword ptr [r11+4],1
  2d: jl 000000000000013Ch
  33: jmp 0000000000000038h
  38: sub rsp,10h
  3c: mov r11d,[rbp+10h]
  40: mov [rsp],r11d
  44: mov r11d,[rbp+18h]
  48: mov rax,[r14+20h]
  4c: mov rax,[rax]
  4f: cmp r11,[rax+8]
  53: jae 000000000000015Fh
  59: mov rax,[rax]
  5c: mov rax,[rax+r11*8]
  60: test rax,rax
  63: je 000000000000016Ah
  69: mov rcx,[r14+30h]
  6d: mov ecx,[rcx]
  6f: cmp ecx,[rax+10h]
  72: jne 0000000000000175h
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
  af: mov r14,[rax+8]
  b3: call qword ptr [rax]
  b5: mov [rsp],rax
  b9: mov esi,[rsp]
  bc: lea rsp,[rbp-20h]
  c3: mov r14,[rbp-8]
  c7: mov rdi,[r14+28h]
  cb: add rdi,0
  cf: sub rsp,10h
  d3: mov [rsp],esi
  d6: mov rax,rdi
  d9: test rax,rax
  dc: je 000000000000018Bh
  e2: mov r11,[r14+58h]
  e6: mov r11,[r11+8]
  ea: mov rcx,[rax]
  ed: mov rdx,[r11+10h]
  f1: cmp rdx,rcx
  f4: je 0000000000000116h
  fa: cmp rdx,1
  fe: je 0000000000000116h
 104: test rdx,rdx
 107: je 0000000000000112h
 10d: mov ecx,1
 112: mov [r11+10h],rcx
 116: mov esi,[rsp]
 119: mov r14,[rax+8]
 11d: call qword ptr [rax]
 11f: mov [rsp],rax
 123: mov esi,[rsp]
 126: lea rsp,[rbp-20h]
 12d: mov r14,[rbp-8]
 131: mov [rbp+10h],esi
 134: mov eax,[rbp+10h]
 137: mov rsp,rbp
 13a: pop rbp
 13b: ret
 13c: mov rdi,r14
 13f: mov esi,1
 144: mov edx,0FFFFFFFFh
 149: mov rcx,rbp
 14c: mov r8,rsp
 14f: mov rax,[r14+38h]
 153: call qword ptr [rax+50h]
 156: mov r14,[rbp-8]
 15a: jmp 0000000000000033h
 15f: mov esi,7
 164: mov rdi,[r14]
 167: call qword ptr [rdi+10h]
 16a: mov esi,8
 16f: mov rdi,[r14]
 172: call qword ptr [rdi+10h]
 175: mov esi,9
 17a: mov rdi,[r14]
 17d: call qword ptr [rdi+10h]
 180: mov esi,0Ah
 185: mov rdi,[r14]
 188: call qword ptr [rdi+10h]
 18b: mov esi,0Fh
 190: mov rdi,[r14]
 193: call qword ptr [rdi+10h]
