;; function 0
   0: push rbp
   1: mov rbp,rsp
   4: sub rsp,10h
   8: mov [rbp-8],r14
   c: mov r15,[r14+8]
  10: mov esi,[rbp+10h]
  13: mov eax,[r15+rsi+8]
  18: mov [rbp+10h],rax
  1c: mov rsp,rbp
  1f: pop rbp
  20: ret
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
  22: mov eax,[rbp+10h]
  25: test eax,eax
  27: je 000000000000003Eh
  2d: add eax,0FFFFFFFFh
  30: mov [rsp],rax
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
   4: sub rsp,10h
   8: mov [rbp-8],r14
   c: mov r15,[r14+8]
  10: mov eax,[rbp+10h]
  13: mov rdx,rax
  16: mov esi,0
  1b: mov rdi,r14
  1e: mov rax,[r14+38h]
  22: call qword ptr [rax]
  24: mov eax,eax
  26: mov [rbp+10h],rax
  2a: mov rsp,rbp
  2d: pop rbp
  2e: ret
