;; function 0
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-10h]
   c: cmp rcx,[rax+8]
  10: jb 000000000000003Ch
  16: sub rsp,10h
  1a: mov [rbp-8],r14
  1e: mov r15,[r14+8]
  22: mov esi,[rbp+10h]
  25: mov edi,[rbp+18h]
  28: cmp esi,edi
  2a: jge 0000000000000033h
  30: mov rsi,rdi
  33: mov [rbp+10h],rsi
  37: mov rsp,rbp
  3a: pop rbp
  3b: ret
  3c: mov esi,0Ah
  41: mov rdi,[r14]
  44: call qword ptr [rdi+10h]
;; function 1
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-10h]
   c: cmp rcx,[rax+8]
  10: jb 000000000000004Ch
  16: sub rsp,10h
  1a: mov [rbp-8],r14
  1e: mov r15,[r14+8]
  22: mov rsi,[rbp+10h]
  26: xor edi,edi
  28: nop [rax+rax]
  30: test rsi,rsi
  33: je 0000000000000043h
  39: add rdi,3
  3d: add rsi,0FFFFFFFFFFFFFFFFh
  41: jmp short 0000000000000030h
  43: mov [rbp+10h],rdi
  47: mov rsp,rbp
  4a: pop rbp
  4b: ret
  4c: mov esi,0Ah
  51: mov rdi,[r14]
  54: call qword ptr [rdi+10h]
;; function 2
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-10h]
   c: cmp rcx,[rax+8]
  10: jb 000000000000005Fh
  16: sub rsp,10h
  1a: mov [rbp-8],r14
  1e: mov r15,[r14+8]
  22: mov esi,[rbp+10h]
  25: mov edi,[rbp+18h]
  28: mov r8d,[rbp+20h]
  2c: xor r9d,r9d
  2f: nop
  30: cmp r9d,r8d
  33: jae 0000000000000056h
  39: lea r10d,[rsi+r9]
  3d: movzx r10d,byte ptr [r15+r10]
  42: lea ecx,[rdi+r9]
  46: cmp r10b,[r15+rcx]
  4a: jne 0000000000000056h
  50: add r9d,1
  54: jmp short 0000000000000030h
  56: mov [rbp+10h],r9
  5a: mov rsp,rbp
  5d: pop rbp
  5e: ret
  5f: mov esi,0Ah
  64: mov rdi,[r14]
  67: call qword ptr [rdi+10h]
