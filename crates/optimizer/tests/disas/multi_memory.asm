;; function 0
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-10h]
   c: cmp rcx,[rax+8]
  10: jb 0000000000000064h
  16: sub rsp,10h
  1a: mov [rbp-8],r14
  1e: mov r15,[r14+8]
  22: mov esi,[rbp+10h]
  25: mov r11,[r14+10h]
  29: mov r11,[r11+8]
  2d: mov rdi,[r11]
  30: mov r11,[r14+10h]
  34: mov r11,[r11+10h]
  38: mov r8,[r11]
  3b: xor r9d,r9d
  3e: xchg ax,ax
  40: cmp r9d,esi
  43: jae 0000000000000057h
  49: mov r10d,[rdi+r9]
  4d: mov [r8+r9],r10d
  51: add r9d,4
  55: jmp short 0000000000000040h
  57: mov eax,[r15+rsi]
  5b: mov [rbp+10h],rax
  5f: mov rsp,rbp
  62: pop rbp
  63: ret
  64: mov esi,0Ah
  69: mov rdi,[r14]
  6c: call qword ptr [rdi+10h]
