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
  27: nop [rax+rax]
  30: movzx r8d,byte ptr [r15+rsi]
  35: cmp r8d,2
  39: jae 00000000000000C0h
  3f: mov r9d,r8d
  42: lea r11,[54h]
  49: movsxd r9,[r11+r9*4]
  4d: add r9,r11
  50: jmp r9
  53: nop
  54: or al,0
  56: add [rax],al
  58: cmp al,0
  5a: add [rax],al
  5c: nop [rax]
  60: add edi,1
  63: add esi,1
  66: movzx r8d,byte ptr [r15+rsi]
  6b: cmp r8d,2
  6f: jae 00000000000000C0h
  75: mov r9d,r8d
  78: lea r11,[54h]
  7f: movsxd r9,[r11+r9*4]
  83: add r9,r11
  86: jmp r9
  89: nop [rax]
  90: add edi,0FFFFFFFDh
  93: add esi,1
  96: movzx r8d,byte ptr [r15+rsi]
  9b: cmp r8d,2
  9f: jae 00000000000000C0h
  a5: mov r9d,r8d
  a8: lea r11,[54h]
  af: movsxd r9,[r11+r9*4]
  b3: add r9,r11
  b6: jmp r9
  b9: nop [rax]
  c0: mov [rbp+10h],rdi
  c4: mov rsp,rbp
  c7: pop rbp
  c8: ret
  c9: mov esi,0Ah
  ce: mov rdi,[r14]
  d1: call qword ptr [rdi+10h]
