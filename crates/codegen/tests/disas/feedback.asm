;; function 0
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-10h]
   f: cmp rcx,[rax+8]
  13: jb 0000000000000057h
  19: sub rsp,10h
  20: mov [rbp-8],r14
  24: mov r11,[r14+50h]
  28: sub dword ptr [r11],1
  2c: jl 0000000000000037h
  32: mov rsp,rbp
  35: pop rbp
  36: ret
  37: mov rdi,r14
  3a: mov esi,0
  3f: mov edx,0FFFFFFFFh
  44: mov rcx,rbp
  47: mov r8,rsp
  4a: mov rax,[r14+38h]
  4e: call qword ptr [rax+50h]
  51: mov r14,[rbp-8]
  55: jmp short 0000000000000032h
  57: mov esi,0Ah
  5c: mov rdi,[r14]
  5f: call qword ptr [rdi+10h]
;; function 1
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-30h]
   f: cmp rcx,[rax+8]
  13: jb 000000000000016Fh
  19: sub rsp,20h
  20: mov [rbp-8],r14
  24: mov r11,[r14+50h]
  28: sub dword ptr [r11+4],1
  2d: jl 000000000000012Bh
  33: jmp 0000000000000038h
  38: sub rsp,10h
  3c: mov r11d,[rbp+10h]
  40: mov [rsp],r11d
  44: mov r11d,[rbp+18h]
  48: mov rax,[r14+20h]
  4c: mov rax,[rax]
  4f: cmp r11,[rax+8]
  53: jae 000000000000014Eh
  59: mov rax,[rax]
  5c: mov rax,[rax+r11*8]
  60: test rax,rax
  63: je 0000000000000159h
  69: mov rcx,[r14+30h]
  6d: mov ecx,[rcx]
  6f: cmp ecx,[rax+10h]
  72: jne 0000000000000164h
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
  ac: mov r14,[rax+8]
  b0: call qword ptr [rax]
  b2: mov esi,[rsp]
  b5: lea rsp,[rbp-20h]
  bc: mov r14,[rbp-8]
  c0: mov rdi,[r14+28h]
  c4: add rdi,0
  c8: sub rsp,10h
  cc: mov [rsp],esi
  cf: mov rax,rdi
  d2: test rax,rax
  d5: je 000000000000017Ah
  db: mov r11,[r14+58h]
  df: mov r11,[r11+8]
  e3: mov rcx,[rax]
  e6: mov rdx,[r11+10h]
  ea: cmp rdx,rcx
  ed: je 000000000000010Fh
  f3: cmp rdx,1
  f7: je 000000000000010Fh
  fd: test rdx,rdx
 100: je 000000000000010Bh
 106: mov ecx,1
 10b: mov [r11+10h],rcx
 10f: mov r14,[rax+8]
 113: call qword ptr [rax]
 115: mov esi,[rsp]
 118: lea rsp,[rbp-20h]
 11f: mov r14,[rbp-8]
 123: mov [rbp+10h],esi
 126: mov rsp,rbp
 129: pop rbp
 12a: ret
 12b: mov rdi,r14
 12e: mov esi,1
 133: mov edx,0FFFFFFFFh
 138: mov rcx,rbp
 13b: mov r8,rsp
 13e: mov rax,[r14+38h]
 142: call qword ptr [rax+50h]
 145: mov r14,[rbp-8]
 149: jmp 0000000000000033h
 14e: mov esi,7
 153: mov rdi,[r14]
 156: call qword ptr [rdi+10h]
 159: mov esi,8
 15e: mov rdi,[r14]
 161: call qword ptr [rdi+10h]
 164: mov esi,9
 169: mov rdi,[r14]
 16c: call qword ptr [rdi+10h]
 16f: mov esi,0Ah
 174: mov rdi,[r14]
 177: call qword ptr [rdi+10h]
 17a: mov esi,0Fh
 17f: mov rdi,[r14]
 182: call qword ptr [rdi+10h]
