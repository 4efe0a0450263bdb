;; function 0
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-10h]
   c: cmp rcx,[rax+8]
  10: jb 0000000000000044h
  16: sub rsp,10h
  1a: mov [rbp-8],r14
  1e: mov r15,[r14+8]
  22: mov esi,[rbp+10h]
  25: mov edi,[rbp+18h]
  28: cmp esi,edi
  2a: jge 0000000000000038h
  30: mov rax,rdi
  33: jmp 000000000000003Bh
  38: mov rax,rsi
  3b: mov [rbp+10h],rax
  3f: mov rsp,rbp
  42: pop rbp
  43: ret
  44: mov esi,0Ah
  49: mov rdi,[r14]
  4c: call qword ptr [rdi+10h]
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
  28: mov rax,rdi
  2b: nop [rax+rax]
  30: test rsi,rsi
  33: je 0000000000000043h
  39: add rax,3
  3d: add rsi,0FFFFFFFFFFFFFFFFh
  41: jmp short 0000000000000030h
  43: mov [rbp+10h],rax
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
  10: jb 000000000000006Eh
  16: sub rsp,10h
  1a: mov [rbp-8],r14
  1e: mov r15,[r14+8]
  22: mov esi,[rbp+10h]
  25: mov edi,[rbp+18h]
  28: mov r8d,[rbp+20h]
  2c: xor r9d,r9d
  2f: mov rax,r9
  32: nop [rax+rax]
  3b: nop [rax+rax]
  40: cmp eax,r8d
  43: jae 0000000000000065h
  49: lea r9d,[rsi+rax]
  4d: movzx r9d,byte ptr [r15+r9]
  52: lea r10d,[rdi+rax]
  56: cmp r9b,[r15+r10]
  5a: jne 0000000000000065h
  60: add eax,1
  63: jmp short 0000000000000040h
  65: mov [rbp+10h],rax
  69: mov rsp,rbp
  6c: pop rbp
  6d: ret
  6e: mov esi,0Ah
  73: mov rdi,[r14]
  76: call qword ptr [rdi+10h]
