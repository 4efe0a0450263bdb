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
   7: lea rcx,[rsp-20h]
   f: cmp rcx,[rax+8]
  13: jb 0000000000000159h
  19: sub rsp,20h
  20: mov [rbp-8],r14
  24: mov r11,[r14+50h]
  28: sub dword ptr [r11+4],1
  2d: jl 0000000000000115h
  33: jmp 0000000000000038h
  38: mov r11d,[rbp+10h]
  3c: mov [rsp],r11d
  40: mov r11d,[rbp+18h]
  44: mov rax,[r14+20h]
  48: mov rax,[rax]
  4b: cmp r11,[rax+8]
  4f: jae 0000000000000138h
  55: mov rax,[rax]
  58: mov rax,[rax+r11*8]
  5c: test rax,rax
  5f: je 0000000000000143h
  65: mov rcx,[r14+30h]
  69: mov ecx,[rcx]
  6b: cmp ecx,[rax+10h]
  6e: jne 000000000000014Eh
  74: mov r11,[r14+58h]
  78: mov r11,[r11+8]
  7c: mov rcx,[rax]
  7f: mov rdx,[r11+8]
  83: cmp rdx,rcx
  86: je 00000000000000A8h
  8c: cmp rdx,1
  90: je 00000000000000A8h
  96: test rdx,rdx
  99: je 00000000000000A4h
  9f: mov ecx,1
  a4: mov [r11+8],rcx
  a8: mov r14,[rax+8]
  ac: call qword ptr [rax]
  ae: mov r14,[rbp-8]
  b2: mov esi,[rsp]
  b5: mov rdi,[r14+28h]
  b9: add rdi,0
  bd: mov [rsp],esi
  c0: mov rax,rdi
  c3: test rax,rax
  c6: je 0000000000000164h
  cc: mov r11,[r14+58h]
  d0: mov r11,[r11+8]
  d4: mov rcx,[rax]
  d7: mov rdx,[r11+10h]
  db: cmp rdx,rcx
  de: je 0000000000000100h
  e4: cmp rdx,1
  e8: je 0000000000000100h
  ee: test rdx,rdx
  f1: je 00000000000000FCh
  f7: mov ecx,1
  fc: mov [r11+10h],rcx
 100: mov r14,[rax+8]
 104: call qword ptr [rax]
 106: mov r14,[rbp-8]
 10a: mov esi,[rsp]
 10d: mov [rbp+10h],esi
 110: mov rsp,rbp
 113: pop rbp
 114: ret
 115: mov rdi,r14
 118: mov esi,1
 11d: mov edx,0FFFFFFFFh
 122: mov rcx,rbp
 125: mov r8,rsp
 128: mov rax,[r14+38h]
 12c: call qword ptr [rax+50h]
 12f: mov r14,[rbp-8]
 133: jmp 0000000000000033h
 138: mov esi,7
 13d: mov rdi,[r14]
 140: call qword ptr [rdi+10h]
 143: mov esi,8
 148: mov rdi,[r14]
 14b: call qword ptr [rdi+10h]
 14e: mov esi,9
 153: mov rdi,[r14]
 156: call qword ptr [rdi+10h]
 159: mov esi,0Ah
 15e: mov rdi,[r14]
 161: call qword ptr [rdi+10h]
 164: mov esi,0Fh
 169: mov rdi,[r14]
 16c: call qword ptr [rdi+10h]
