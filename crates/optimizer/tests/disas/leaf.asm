;; function 0
   0: push rbp
   1: mov rbp,rsp
   4: mov r15,[r14+8]
   8: mov eax,[r15+rsi+8]
   d: mov [rbp+10h],rax
  11: mov rsp,rbp
  14: pop rbp
  15: ret
;; function 1
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-20h]
   c: cmp rcx,[rax+8]
  10: jb 000000000000004Eh
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
  45: mov [rbp+10h],rax
  49: mov rsp,rbp
  4c: pop rbp
  4d: ret
  4e: mov esi,0Ah
  53: mov rdi,[r14]
  56: call qword ptr [rdi+10h]
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
  1b: mov [rbp+10h],rax
  1f: mov rsp,rbp
  22: pop rbp
  23: ret
;; function 3
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-30h]
   c: cmp rcx,[rax+8]
  10: jb 0000000000000071h
  16: sub rsp,30h
  1a: mov [rbp-8],r14
  1e: mov r15,[r14+8]
  22: mov [rbp-10h],rbx
  26: mov [rbp-18h],r12
  2a: mov [rbp-20h],r13
  2e: mov [rsp],rsi
  32: call 0000000000000037h
  37: mov eax,[rsp]
  3a: lea rsp,[rbp-30h]
  3e: mov [rbp+10h],rax
  42: mov rbx,[rbp-10h]
  46: mov r12,[rbp-18h]
  4a: mov r13,[rbp-20h]
  4e: mov rsp,rbp
  51: pop rbp
  52: ret
  53: mov rsi,[r14]
  56: mov rsi,[rsi+38h]
  5a: xor eax,eax
  5c: mov [rbp+10h],rax
  60: mov rbx,[rbp-10h]
  64: mov r12,[rbp-18h]
  68: mov r13,[rbp-20h]
  6c: mov rsp,rbp
  6f: pop rbp
  70: ret
  71: mov esi,0Ah
  76: mov rdi,[r14]
  79: call qword ptr [rdi+10h]
