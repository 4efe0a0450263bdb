;; function 0
   0: push rbp
   1: mov rbp,rsp
   4: mov r15,[r14+8]
   8: xor edi,edi
   a: mov rax,rdi
   d: nop [rax]
  10: movzx edi,byte ptr [r15+rsi]
  15: cmp edi,2
  18: jae 00000000000000A0h
  1e: mov r8d,edi
  21: lea r11,[34h]
  28: movsxd r8,[r11+r8*4]
  2c: add r8,r11
  2f: jmp r8
  32: xchg ax,ax
  34: or al,0
  36: add [rax],al
  38: cmp al,0
  3a: add [rax],al
  3c: nop [rax]
  40: add eax,1
  43: add esi,1
  46: movzx edi,byte ptr [r15+rsi]
  4b: cmp edi,2
  4e: jae 00000000000000A0h
  54: mov r8d,edi
  57: lea r11,[34h]
  5e: movsxd r8,[r11+r8*4]
  62: add r8,r11
  65: jmp r8
  68: nop [rax+rax]
  70: add eax,0FFFFFFFDh
  73: add esi,1
  76: movzx edi,byte ptr [r15+rsi]
  7b: cmp edi,2
  7e: jae 00000000000000A0h
  84: mov r8d,edi
  87: lea r11,[34h]
  8e: movsxd r8,[r11+r8*4]
  92: add r8,r11
  95: jmp r8
  98: nop [rax+rax]
  a0: mov rsp,rbp
  a3: pop rbp
  a4: ret
