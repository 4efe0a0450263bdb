;; function 0
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-20h]
   c: cmp rcx,[rax+8]
  10: jb 000000000000006Ch
  16: sub rsp,20h
  1a: mov [rbp-8],r14
  1e: mov [rbp-10h],rbx
  22: mov eax,[rbp+10h]
  25: mov rsi,[r14]
  28: mov rsi,[rsi+30h]
  2c: mov edi,[rsi-10h]
  2f: mov r8d,[rsi-18h]
  33: mov esi,[rsi-20h]
  36: mov r11,rax
  39: mov rax,rdi
  3c: mov rdi,r11
  3f: nop
  40: add eax,edi
  42: add edi,0FFFFFFFFh
  45: test edi,edi
  47: jne short 0000000000000040h
  49: add esi,r8d
  4c: lea ebx,[rsi+rax]
  4f: xor eax,eax
  51: mov [rsp],rax
  55: mov r11,[r14+48h]
  59: call qword ptr [r11]
  5c: mov rax,rbx
  5f: mov [rbp+10h],rax
  63: mov rbx,[rbp-10h]
  67: mov rsp,rbp
  6a: pop rbp
  6b: ret
  6c: mov esi,0Ah
  71: mov rdi,[r14]
  74: call qword ptr [rdi+10h]
;; function 1
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-20h]
   c: cmp rcx,[rax+8]
  10: jb 0000000000000040h
  16: sub rsp,20h
  1a: mov [rbp-8],r14
  1e: mov esi,[rbp+10h]
  21: test esi,esi
  23: je 000000000000003Bh
  29: add esi,0FFFFFFFFh
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
