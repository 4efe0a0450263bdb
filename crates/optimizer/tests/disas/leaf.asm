;; function 0
   0: push rbp
   1: mov rbp,rsp
   4: mov r15,[r14+8]
   8: mov eax,[r15+rsi+8]
   d: mov rsp,rbp
  10: pop rbp
  11: ret
;; function 1
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-20h]
   c: cmp rcx,[rax+8]
  10: jb 000000000000004Ah
  16: sub rsp,20h
  1a: mov [rbp-8],r14
  1e: mov r15,[r14+8]
  22: mov rax,rsi
  25: test eax,eax
  27: je 000000000000003Eh
  2d: lea esi,[rax-1]
  30: mov [rsp],rsi
  34: call 0000000000000039h
  39: jmp 0000000000000045h
  3e: mov esi,[r15+8]
  42: mov rax,rsi
  45: mov rsp,rbp
  48: pop rbp
  49: ret
  4a: mov esi,0Ah
  4f: mov rdi,[r14]
  52: call qword ptr [rdi+10h]
;; function 2
   0: push rbp
   1: mov rbp,rsp
   4: mov r15,[r14+8]
   8: mov rdx,rsi
   b: mov esi,0
  10: mov rdi,r14
  13: mov rax,[r14+38h]
  17: call qword ptr [rax]
  19: mov eax,eax
  1b: mov rsp,rbp
  1e: pop rbp
  1f: ret
;; function 3
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-30h]
   c: cmp rcx,[rax+8]
  10: jb 0000000000000079h
  16: sub rsp,30h
  1a: mov [rbp-8],r14
  1e: mov r15,[r14+8]
  22: mov [rbp-10h],rbx
  26: mov [rbp-18h],r12
  2a: mov [rbp-20h],r13
  2e: mov [rsp],rsi
  32: call 0000000000000037h
  37: mov [rsp],rax
  3b: mov eax,[rsp]
  3e: lea r11,[rbp-30h]
  42: cmp rsp,r11
  45: je 000000000000004Eh
  4b: mov rsp,r11
  4e: mov rbx,[rbp-10h]
  52: mov r12,[rbp-18h]
  56: mov r13,[rbp-20h]
  5a: mov rsp,rbp
  5d: pop rbp
  5e: ret
  5f: mov rsi,[r14]
  62: mov rsi,[rsi+38h]
  66: xor eax,eax
  68: mov rbx,[rbp-10h]
  6c: mov r12,[rbp-18h]
  70: mov r13,[rbp-20h]
  74: mov rsp,rbp
  77: pop rbp
  78: ret
  79: mov esi,0Ah
  7e: mov rdi,[r14]
  81: call qword ptr [rdi+10h]
