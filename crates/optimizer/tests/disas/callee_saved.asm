;; function 0
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-30h]
   c: cmp rcx,[rax+8]
  10: jb 000000000000008Eh
  16: sub rsp,30h
  1a: mov [rbp-8],r14
  1e: mov [rbp-10h],rbx
  22: mov [rbp-18h],r12
  26: mov [rbp-20h],r13
  2a: mov rbx,rsi
  2d: xor eax,eax
  2f: xor edi,edi
  31: mov r12,rax
  34: mov r13,rdi
  37: nop [rax+rax]
  40: cmp r12d,ebx
  43: jae 000000000000007Ah
  49: mov [rsp],r12
  4d: mov rsi,r12
  50: mov rax,[r14+28h]
  54: mov rdx,r14
  57: mov r14,[rax+8]
  5b: call qword ptr [rax]
  5d: mov r14,[rbp-8]
  61: lea r11,[rbp-30h]
  65: cmp rsp,r11
  68: je 0000000000000071h
  6e: mov rsp,r11
  71: add r13d,eax
  74: add r12d,1
  78: jmp short 0000000000000040h
  7a: mov rax,r13
  7d: mov rbx,[rbp-10h]
  81: mov r12,[rbp-18h]
  85: mov r13,[rbp-20h]
  89: mov rsp,rbp
  8c: pop rbp
  8d: ret
  8e: mov esi,0Ah
  93: mov rdi,[r14]
  96: call qword ptr [rdi+10h]
