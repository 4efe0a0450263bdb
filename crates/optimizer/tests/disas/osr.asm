;; function 0
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-20h]
   c: cmp rcx,[rax+8]
  10: jb 000000000000006Dh
  16: sub rsp,20h
  1a: mov [rbp-8],r14
  1e: mov [rbp-10h],rbx
  22: mov eax,[rbp+10h]
  25: mov rdi,[r14]
  28: mov rdi,[rdi+30h]
  2c: mov r8d,[rdi-10h]
  30: mov r9d,[rdi-18h]
  34: mov edi,[rdi-20h]
  37: mov r11,rax
  3a: mov rax,r8
  3d: mov r8,r11
  40: add eax,r8d
  43: add r8d,0FFFFFFFFh
  47: test r8d,r8d
  4a: jne short 0000000000000040h
  4c: add edi,r9d
  4f: lea ebx,[rdi+rax]
  52: xor eax,eax
  54: mov [rsp],rax
  58: xor esi,esi
  5a: mov r11,[r14+48h]
  5e: call qword ptr [r11]
  61: mov rax,rbx
  64: mov rbx,[rbp-10h]
  68: mov rsp,rbp
  6b: pop rbp
  6c: ret
  6d: mov esi,0Ah
  72: mov rdi,[r14]
  75: call qword ptr [rdi+10h]
;; function 1
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-20h]
   c: cmp rcx,[rax+8]
  10: jb 0000000000000040h
  16: sub rsp,20h
  1a: mov [rbp-8],r14
  1e: mov edi,[rbp+10h]
  21: test edi,edi
  23: je 000000000000003Bh
  29: lea esi,[rdi-1]
  2c: mov [rsp],rsi
  30: mov r11,[r14+48h]
  34: lea r11,[r11+8]
  38: call qword ptr [r11]
  3b: mov rsp,rbp
  3e: pop rbp
  3f: ret
  40: mov esi,0Ah
  45: mov rdi,[r14]
  48: call qword ptr [rdi+10h]
