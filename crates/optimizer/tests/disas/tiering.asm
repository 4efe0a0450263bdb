;; function 0
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-20h]
   c: cmp rcx,[rax+8]
  10: jb 000000000000005Dh
  16: sub rsp,20h
  1a: mov [rbp-8],r14
  1e: mov r15,[r14+8]
  22: mov esi,[rbp+10h]
  25: mov [rsp],rsi
  29: mov r11,[r14+48h]
  2d: lea r11,[r11+8]
  31: call qword ptr [r11]
  34: mov esi,[rsp]
  37: mov [rsp],rsi
  3b: mov rax,[r14+28h]
  3f: mov r14,[rax+8]
  43: call qword ptr [rax]
  45: mov r14,[rbp-8]
  49: mov r15,[r14+8]
  4d: mov esi,[rsp]
  50: lea rsp,[rbp-20h]
  54: mov [rbp+10h],rsi
  58: mov rsp,rbp
  5b: pop rbp
  5c: ret
  5d: mov esi,0Ah
  62: mov rdi,[r14]
  65: call qword ptr [rdi+10h]
;; function 1
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-10h]
   c: cmp rcx,[rax+8]
  10: jb 000000000000006Dh
  16: sub rsp,10h
  1a: mov [rbp-8],r14
  1e: mov r15,[r14+8]
  22: mov esi,[rbp+10h]
  25: xor edi,edi
  27: mov r11,rsi
  2a: mov rsi,rdi
  2d: mov rdi,r11
  30: mov r8d,4
  36: nop [rax+rax]
  3f: nop
  40: mov r9d,[r15+r8]
  44: add esi,r9d
  47: add r8d,0FFFFFFFFh
  4b: test r8d,r8d
  4e: jne short 0000000000000040h
  50: mov [r15+rdi+40h],esi
  55: xor esi,[r15+rdi+80h]
  5d: add edi,0FFFFFFFFh
  60: test edi,edi
  62: jne short 0000000000000030h
  64: mov [rbp+10h],rsi
  68: mov rsp,rbp
  6b: pop rbp
  6c: ret
  6d: mov esi,0Ah
  72: mov rdi,[r14]
  75: call qword ptr [rdi+10h]
;; function 2
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-20h]
   c: cmp rcx,[rax+8]
  10: jb 000000000000006Fh
  16: sub rsp,20h
  1a: mov [rbp-8],r14
  1e: mov r15,[r14+8]
  22: mov [rbp-10h],rbx
  26: mov esi,[rbp+10h]
  29: mov rbx,rsi
  2c: test ebx,ebx
  2e: jne 0000000000000050h
  34: mov esi,7
  39: mov [rsp],rsi
  3d: mov r11,[r14+48h]
  41: lea r11,[r11+8]
  45: call qword ptr [r11]
  48: mov esi,[rsp]
  4b: jmp 0000000000000062h
  50: lea esi,[rbx-1]
  53: mov [rsp],rsi
  57: call 0
  5c: mov esi,[rsp]
  5f: add esi,1
  62: mov [rbp+10h],rsi
  66: mov rbx,[rbp-10h]
  6a: mov rsp,rbp
  6d: pop rbp
  6e: ret
  6f: mov esi,0Ah
  74: mov rdi,[r14]
  77: call qword ptr [rdi+10h]
