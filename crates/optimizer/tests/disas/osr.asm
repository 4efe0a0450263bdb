;; function 0
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-10h]
   c: cmp rcx,[rax+8]
  10: jb 000000000000005Ah
  16: sub rsp,10h
  1a: mov [rbp-8],r14
  1e: mov esi,[rbp+10h]
  21: mov rdi,[r14]
  24: mov rdi,[rdi+30h]
  28: mov r8d,[rdi-10h]
  2c: mov r9d,[rdi-18h]
  30: mov edi,[rdi-20h]
  33: mov r11,rsi
  36: mov rsi,r8
  39: mov r8,r11
  3c: nop [rax]
  40: add esi,r8d
  43: add r8d,0FFFFFFFFh
  47: test r8d,r8d
  4a: jne short 0000000000000040h
  4c: add edi,r9d
  4f: add esi,edi
  51: mov [rbp+10h],rsi
  55: mov rsp,rbp
  58: pop rbp
  59: ret
  5a: mov esi,0Ah
  5f: mov rdi,[r14]
  62: call qword ptr [rdi+10h]
