;; function 0
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-10h]
   c: cmp rcx,[rax+8]
  10: jb 000000000000002Dh
  16: sub rsp,10h
  1a: mov [rbp-8],r14
  1e: mov esi,[rbp+10h]
  21: imul esi,esi
  24: mov [rbp+10h],rsi
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
   7: lea rcx,[rsp-10h]
   c: cmp rcx,[rax+8]
  10: jb 000000000000002Eh
  16: sub rsp,10h
  1a: mov [rbp-8],r14
  1e: mov ebx,[rbp+10h]
  21: lea r8d,[rbx+rbx]
  25: mov [rbp+10h],r8
  29: mov rsp,rbp
  2c: pop rbp
  2d: ret
  2e: mov esi,0Ah
  33: mov rdi,[r14]
  36: call qword ptr [rdi+10h]
;; function 2
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-20h]
   c: cmp rcx,[rax+8]
  10: jb 00000000000000C2h
  16: sub rsp,20h
  1a: mov [rbp-8],r14
  1e: mov r9d,[rbp+10h]
  22: mov edi,[rbp+18h]
  25: mov r11,[r14+20h]
  29: mov r11,[r11]
  2c: cmp rdi,[r11+8]
  30: jae 00000000000000A1h
  36: mov r11,[r11]
  39: mov r10,[r11+rdi*8]
  3d: mov r13,[r14+28h]
  41: cmp r10,r13
  44: jne 0000000000000053h
  4a: imul r9d,r9d
  4e: jmp 0000000000000098h
  53: mov [rsp],r9
  57: mov r11d,edi
  5a: mov rax,[r14+20h]
  5e: mov rax,[rax]
  61: cmp r11,[rax+8]
  65: jae 00000000000000A1h
  6b: mov rax,[rax]
  6e: mov rax,[rax+r11*8]
  72: test rax,rax
  75: je 00000000000000ACh
  7b: mov rcx,[r14+30h]
  7f: mov ecx,[rcx]
  81: cmp ecx,[rax+10h]
  84: jne 00000000000000B7h
  8a: mov r14,[rax+8]
  8e: call qword ptr [rax]
  90: mov r14,[rbp-8]
  94: mov r9d,[rsp]
  98: mov [rbp+10h],r9
  9c: mov rsp,rbp
  9f: pop rbp
  a0: ret
  a1: mov esi,7
  a6: mov rdi,[r14]
  a9: call qword ptr [rdi+10h]
  ac: mov esi,8
  b1: mov rdi,[r14]
  b4: call qword ptr [rdi+10h]
  b7: mov esi,9
  bc: mov rdi,[r14]
  bf: call qword ptr [rdi+10h]
  c2: mov esi,0Ah
  c7: mov rdi,[r14]
  ca: call qword ptr [rdi+10h]
;; function 3
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-20h]
   c: cmp rcx,[rax+8]
  10: jb 0000000000000093h
  16: sub rsp,20h
  1a: mov [rbp-8],r14
  1e: mov ebx,[rbp+10h]
  21: mov edi,[rbp+18h]
  24: mov [rsp],rbx
  28: mov r11d,edi
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
  65: mov r13d,[rsp]
  69: mov [rbp+10h],r13
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
