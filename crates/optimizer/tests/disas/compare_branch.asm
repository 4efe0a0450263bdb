;; function 0
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-10h]
   c: cmp rcx,[rax+8]
  10: jb 000000000000003Ah
  16: sub rsp,10h
  1a: mov [rbp-8],r14
  1e: mov edi,[rbp+10h]
  21: mov r8d,[rbp+18h]
  25: cmp edi,r8d
  28: jge 0000000000000031h
  2e: mov rdi,r8
  31: mov [rbp+10h],rdi
  35: mov rsp,rbp
  38: pop rbp
  39: ret
  3a: mov esi,0Ah
  3f: mov rdi,[r14]
  42: call qword ptr [rdi+10h]
;; function 1
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-10h]
   c: cmp rcx,[rax+8]
  10: jb 0000000000000041h
  16: sub rsp,10h
  1a: mov [rbp-8],r14
  1e: mov rsi,[rbp+10h]
  22: xor r9d,r9d
  25: test rsi,rsi
  28: je 0000000000000038h
  2e: add r9,3
  32: add rsi,0FFFFFFFFFFFFFFFFh
  36: jmp short 0000000000000025h
  38: mov [rbp+10h],r9
  3c: mov rsp,rbp
  3f: pop rbp
  40: ret
  41: mov esi,0Ah
  46: mov rdi,[r14]
  49: call qword ptr [rdi+10h]
