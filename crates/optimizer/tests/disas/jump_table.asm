;; function 0
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-10h]
   c: cmp rcx,[rax+8]
  10: jb 00000000000000C9h
  16: sub rsp,10h
  1a: mov [rbp-8],r14
  1e: mov r15,[r14+8]
  22: mov esi,[rbp+10h]
  25: xor edi,edi
  27: mov rax,rdi
  2a: nop [rax+rax]
  30: movzx edi,byte ptr [r15+rsi]
  35: cmp edi,2
  38: jae 00000000000000C0h
  3e: mov r8d,edi
  41: lea r11,[54h]
  48: movsxd r8,[r11+r8*4]
  4c: add r8,r11
  4f: jmp r8
  52: xchg ax,ax
  54: or al,0
  56: add [rax],al
  58: cmp al,0
  5a: add [rax],al
  5c: nop [rax]
  60: add eax,1
  63: add esi,1
  66: movzx edi,byte ptr [r15+rsi]
  6b: cmp edi,2
  6e: jae 00000000000000C0h
  74: mov r8d,edi
  77: lea r11,[54h]
  7e: movsxd r8,[r11+r8*4]
  82: add r8,r11
  85: jmp r8
  88: nop [rax+rax]
  90: add eax,0FFFFFFFDh
  93: add esi,1
  96: movzx edi,byte ptr [r15+rsi]
  9b: cmp edi,2
  9e: jae 00000000000000C0h
  a4: mov r8d,edi
  a7: lea r11,[54h]
  ae: movsxd r8,[r11+r8*4]
  b2: add r8,r11
  b5: jmp r8
  b8: nop [rax+rax]
  c0: mov [rbp+10h],rax
  c4: mov rsp,rbp
  c7: pop rbp
  c8: ret
  c9: mov esi,0Ah
  ce: mov rdi,[r14]
  d1: call qword ptr [rdi+10h]
