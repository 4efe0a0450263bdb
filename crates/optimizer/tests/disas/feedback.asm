;; function 0
   0: push rbp
   1: mov rbp,rsp
   4: sub rsp,10h
   8: mov [rbp-8],r14
   c: mov esi,[rbp+10h]
   f: mov rax,rsi
  12: imul eax,esi
  15: mov [rbp+10h],rax
  19: mov rsp,rbp
  1c: pop rbp
  1d: ret
;; function 1
   0: push rbp
   1: mov rbp,rsp
   4: sub rsp,10h
   8: mov [rbp-8],r14
   c: mov esi,[rbp+10h]
   f: lea eax,[rsi+rsi]
  12: mov [rbp+10h],rax
  16: mov rsp,rbp
  19: pop rbp
  1a: ret
;; function 2
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-20h]
   c: cmp rcx,[rax+8]
  10: jb 00000000000000C6h
  16: sub rsp,20h
  1a: mov [rbp-8],r14
  1e: mov eax,[rbp+10h]
  21: mov esi,[rbp+18h]
  24: mov r11,[r14+20h]
  28: mov r11,[r11]
  2b: cmp rsi,[r11+8]
  2f: jae 00000000000000A5h
  35: mov r11,[r11]
  38: mov rdi,[r11+rsi*8]
  3c: mov r8,[r14+28h]
  40: cmp rdi,r8
  43: jne 0000000000000057h
  49: mov rdi,rax
  4c: imul edi,eax
  4f: mov rax,rdi
  52: jmp 000000000000009Ch
  57: mov [rsp],rax
  5b: mov r11d,esi
  5e: mov rax,[r14+20h]
  62: mov rax,[rax]
  65: cmp r11,[rax+8]
  69: jae 00000000000000A5h
  6f: mov rax,[rax]
  72: mov rax,[rax+r11*8]
  76: test rax,rax
  79: je 00000000000000B0h
  7f: mov rcx,[r14+30h]
  83: mov ecx,[rcx]
  85: cmp ecx,[rax+10h]
  88: jne 00000000000000BBh
  8e: mov r14,[rax+8]
  92: call qword ptr [rax]
  94: mov r14,[rbp-8]
  98: lea rsp,[rbp-20h]
  9c: mov [rbp+10h],rax
  a0: mov rsp,rbp
  a3: pop rbp
  a4: ret
  a5: mov esi,7
  aa: mov rdi,[r14]
  ad: call qword ptr [rdi+10h]
  b0: mov esi,8
  b5: mov rdi,[r14]
  b8: call qword ptr [rdi+10h]
  bb: mov esi,9
  c0: mov rdi,[r14]
  c3: call qword ptr [rdi+10h]
  c6: mov esi,0Ah
  cb: mov rdi,[r14]
  ce: call qword ptr [rdi+10h]
;; function 3
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-20h]
   c: cmp rcx,[rax+8]
  10: jb 0000000000000093h
  16: sub rsp,20h
  1a: mov [rbp-8],r14
  1e: mov eax,[rbp+10h]
  21: mov esi,[rbp+18h]
  24: mov [rsp],rax
  28: mov r11d,esi
  2b: mov rax,[r14+20h]
  2f: mov rax,[rax]
  32: cmp r11,[rax+8]
  36: jae 0000000000000072h
  3c: mov rax,[rax]
  3f: mov rax,[rax+r11*8]
  43: test rax,rax
  46: je 000000000000007Dh
  4c: mov rcx,[r14+30h]
  50: mov ecx,[rcx]
  52: cmp ecx,[rax+10h]
  55: jne 0000000000000088h
  5b: mov r14,[rax+8]
  5f: call qword ptr [rax]
  61: mov r14,[rbp-8]
  65: lea rsp,[rbp-20h]
  69: mov [rbp+10h],rax
  6d: mov rsp,rbp
  70: pop rbp
  71: ret
  72: mov esi,7
  77: mov rdi,[r14]
  7a: call qword ptr [rdi+10h]
  7d: mov esi,8
  82: mov rdi,[r14]
  85: call qword ptr [rdi+10h]
  88: mov esi,9
  8d: mov rdi,[r14]
  90: call qword ptr [rdi+10h]
  93: mov esi,0Ah
  98: mov rdi,[r14]
  9b: call qword ptr [rdi+10h]
