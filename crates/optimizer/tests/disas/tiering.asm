;; function 0
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-20h]
   c: cmp rcx,[rax+8]
  10: jb 0000000000000057h
  16: sub rsp,20h
  1a: mov [rbp-8],r14
  1e: mov r15,[r14+8]
  22: mov eax,[rbp+10h]
  25: mov [rsp],rax
  29: mov r11,[r14+48h]
  2d: lea r11,[r11+8]
  31: call qword ptr [r11]
  34: mov [rsp],rax
  38: mov rax,[r14+28h]
  3c: mov r14,[rax+8]
  40: call qword ptr [rax]
  42: mov r14,[rbp-8]
  46: mov r15,[r14+8]
  4a: lea rsp,[rbp-20h]
  4e: mov [rbp+10h],rax
  52: mov rsp,rbp
  55: pop rbp
  56: ret
  57: mov esi,0Ah
  5c: mov rdi,[r14]
  5f: call qword ptr [rdi+10h]
;; function 1
   0: push rbp
   1: mov rbp,rsp
   4: sub rsp,10h
   8: mov [rbp-8],r14
   c: mov r15,[r14+8]
  10: mov esi,[rbp+10h]
  13: xor edi,edi
  15: mov r11,rsi
  18: mov rsi,rdi
  1b: mov rdi,r11
  1e: xchg ax,ax
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
  60: mov [rbp+10h],rax
  64: mov rsp,rbp
  67: pop rbp
  68: ret
;; function 2
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-20h]
   c: cmp rcx,[rax+8]
  10: jb 000000000000006Ch
  16: sub rsp,20h
  1a: mov [rbp-8],r14
  1e: mov r15,[r14+8]
  22: mov [rbp-10h],rbx
  26: mov eax,[rbp+10h]
  29: mov rbx,rax
  2c: test ebx,ebx
  2e: jne 000000000000004Dh
  34: mov eax,7
  39: mov [rsp],rax
  3d: mov r11,[r14+48h]
  41: lea r11,[r11+8]
  45: call qword ptr [r11]
  48: jmp 000000000000005Fh
  4d: lea eax,[rbx-1]
  50: mov [rsp],rax
  54: call 0
  59: lea esi,[rax+1]
  5c: mov rax,rsi
  5f: mov [rbp+10h],rax
  63: mov rbx,[rbp-10h]
  67: mov rsp,rbp
  6a: pop rbp
  6b: ret
  6c: mov esi,0Ah
  71: mov rdi,[r14]
  74: call qword ptr [rdi+10h]
