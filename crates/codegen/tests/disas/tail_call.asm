;; function 0
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-10h]
   f: cmp rcx,[rax+8]
  13: jb 000000000000002Dh
  19: sub rsp,10h
  20: mov [rbp-8],r14
  24: mov r15,[r14+8]
  28: mov rsp,rbp
  2b: pop rbp
  2c: ret
  2d: mov esi,0Ah
  32: mov rdi,[r14]
  35: call qword ptr [rdi+10h]
;; function 1
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-40h]
   f: cmp rcx,[rax+8]
  13: jb 0000000000000083h
  19: sub rsp,20h
  20: mov [rbp-8],r14
  24: mov r15,[r14+8]
  28: sub rsp,20h
  2c: mov r11d,[rbp+10h]
  30: mov [rsp],r11d
  34: mov qword ptr [rsp+8],2
  3d: mov r11,4008000000000000h
  47: mov [rsp+10h],r11
  4c: mov rax,[r14+28h]
  50: mov rcx,[rbp+8]
  54: mov rdx,[rbp]
  58: mov r11,[rsp+10h]
  5d: mov [rbp+10h],r11
  61: mov r11,[rsp+8]
  66: mov [rbp+8],r11
  6a: mov r11,[rsp]
  6e: mov [rbp],r11
  72: lea rsp,[rbp-8]
  76: mov [rsp],rcx
  7a: mov rbp,rdx
  7d: mov r14,[rax+8]
  81: jmp qword ptr [rax]
  83: mov esi,0Ah
  88: mov rdi,[r14]
  8b: call qword ptr [rdi+10h]
;; function 2
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-30h]
   f: cmp rcx,[rax+8]
  13: jb 00000000000000ACh
  19: sub rsp,20h
  20: mov [rbp-8],r14
  24: mov r15,[r14+8]
  28: sub rsp,10h
  2c: mov r11d,[rbp+10h]
  30: mov [rsp],r11d
  34: mov r11d,0
  3a: mov rax,[r14+20h]
  3e: mov rax,[rax]
  41: cmp r11,[rax+8]
  45: jae 000000000000008Bh
  4b: mov rax,[rax]
  4e: mov rax,[rax+r11*8]
  52: test rax,rax
  55: je 0000000000000096h
  5b: mov rcx,[r14+30h]
  5f: mov ecx,[rcx]
  61: cmp ecx,[rax+10h]
  64: jne 00000000000000A1h
  6a: mov rcx,[rbp+8]
  6e: mov rdx,[rbp]
  72: mov r11,[rsp]
  76: mov [rbp+10h],r11
  7a: lea rsp,[rbp+8]
  7e: mov [rsp],rcx
  82: mov rbp,rdx
  85: mov r14,[rax+8]
  89: jmp qword ptr [rax]
  8b: mov esi,7
  90: mov rdi,[r14]
  93: call qword ptr [rdi+10h]
  96: mov esi,8
  9b: mov rdi,[r14]
  9e: call qword ptr [rdi+10h]
  a1: mov esi,9
  a6: mov rdi,[r14]
  a9: call qword ptr [rdi+10h]
  ac: mov esi,0Ah
  b1: mov rdi,[r14]
  b4: call qword ptr [rdi+10h]
;; function 3
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-30h]
   f: cmp rcx,[rax+8]
  13: jb 0000000000000058h
  19: sub rsp,20h
  20: mov [rbp-8],r14
  24: mov r15,[r14+8]
  28: sub rsp,10h
  2c: mov r11d,[rbp+10h]
  30: mov [rsp],r11d
  34: call 0000000000000039h
  39: mov esi,[rsp]
  3c: lea rsp,[rbp-20h]
  43: mov r14,[rbp-8]
  47: mov r15,[r14+8]
  4b: mov edi,[r15]
  4e: add esi,edi
  50: mov [rbp+10h],esi
  53: mov rsp,rbp
  56: pop rbp
  57: ret
  58: mov esi,0Ah
  5d: mov rdi,[r14]
  60: call qword ptr [rdi+10h]
