;; function 0
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-10h]
   c: cmp rcx,[rax+8]
  10: jb 0000000000000038h
  16: sub rsp,10h
  1a: mov [rbp-8],r14
  1e: mov esi,[rbp+10h]
  21: mov edi,[rbp+18h]
  24: cmp esi,edi
  26: jge 000000000000002Fh
  2c: mov rsi,rdi
  2f: mov [rbp+10h],rsi
  33: mov rsp,rbp
  36: pop rbp
  37: ret
  38: mov esi,0Ah
  3d: mov rdi,[r14]
  40: call qword ptr [rdi+10h]
;; function 1
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-10h]
   c: cmp rcx,[rax+8]
  10: jb 000000000000004Ch
  16: sub rsp,10h
  1a: mov [rbp-8],r14
  1e: mov rsi,[rbp+10h]
  22: xor edi,edi
  24: nop [rax+rax]
  2d: nop [rax]
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
