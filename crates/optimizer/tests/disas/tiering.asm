;; function 0
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-20h]
   c: cmp rcx,[rax+8]
  10: jb 0000000000000062h
  16: sub rsp,20h
  1a: mov [rbp-8],r14
  1e: mov r15,[r14+8]
  22: mov [rsp],rsi
  26: mov r11,[r14+48h]
  2a: lea r11,[r11+8]
  2e: call qword ptr [r11]
  31: mov [rsp],rax
  35: mov rsi,rax
  38: mov rax,[r14+28h]
  3c: mov rdx,r14
  3f: mov r14,[rax+8]
  43: call qword ptr [rax]
  45: mov r14,[rbp-8]
  49: mov r15,[r14+8]
  4d: lea r11,[rbp-20h]
  51: cmp rsp,r11
  54: je 000000000000005Dh
  5a: mov rsp,r11
  5d: mov rsp,rbp
  60: pop rbp
  61: ret
  62: mov esi,0Ah
  67: mov rdi,[r14]
  6a: call qword ptr [rdi+10h]
;; function 1
   0: push rbp
   1: mov rbp,rsp
   4: mov r15,[r14+8]
   8: xor edi,edi
   a: mov r11,rsi
   d: mov rsi,rdi
  10: mov rdi,r11
  13: nop [rax+rax]
  1c: nop [rax]
  20: mov r8d,4
  26: nop [rax+rax]
  2f: nop
  30: mov r9d,[r15+r8]
  34: add esi,r9d
  37: add r8d,0FFFFFFFFh
  3b: test r8d,r8d
  3e: jne short 0000000000000030h
  40: mov [r15+rdi+40h],esi
  45: mov rax,rsi
  48: xor eax,[r15+rdi+80h]
  50: add edi,0FFFFFFFFh
  53: test edi,edi
  55: je 0000000000000060h
  5b: mov rsi,rax
  5e: jmp short 0000000000000020h
  60: mov rsp,rbp
  63: pop rbp
  64: ret
;; function 2
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-20h]
   c: cmp rcx,[rax+8]
  10: jb 000000000000006Ah
  16: sub rsp,20h
  1a: mov [rbp-8],r14
  1e: mov r15,[r14+8]
  22: mov [rbp-10h],rbx
  26: mov rbx,rsi
  29: test ebx,ebx
  2b: jne 000000000000004Fh
  31: mov eax,7
  36: mov [rsp],rax
  3a: mov esi,7
  3f: mov r11,[r14+48h]
  43: lea r11,[r11+8]
  47: call qword ptr [r11]
  4a: jmp 0000000000000061h
  4f: lea esi,[rbx-1]
  52: mov [rsp],rsi
  56: call 0
  5b: lea esi,[rax+1]
  5e: mov rax,rsi
  61: mov rbx,[rbp-10h]
  65: mov rsp,rbp
  68: pop rbp
  69: ret
  6a: mov esi,0Ah
  6f: mov rdi,[r14]
  72: call qword ptr [rdi+10h]
