;; function 0
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-10h]
   c: cmp rcx,[rax+8]
  10: jb 0000000000000089h
  16: sub rsp,10h
  1a: mov [rbp-8],r14
  1e: mov r15,[r14+8]
  22: mov esi,[rbp+10h]
  25: xor edi,edi
  27: nop [rax+rax]
  30: movzx r8d,byte ptr [r15+rsi]
  35: cmp r8d,2
  39: jae 0000000000000080h
  3f: mov r9d,r8d
  42: lea r11,[54h]
  49: movsxd r9,[r11+r9*4]
  4d: add r9,r11
  50: jmp r9
  53: nop
  54: or al,0
  56: add [rax],al
  58: sbb al,0
  5a: add [rax],al
  5c: nop [rax]
  60: add edi,1
  63: add esi,1
  66: jmp short 0000000000000030h
  68: nop [rax+rax]
  70: add edi,0FFFFFFFDh
  73: add esi,1
  76: jmp short 0000000000000030h
  78: nop [rax+rax]
  80: mov [rbp+10h],rdi
  84: mov rsp,rbp
  87: pop rbp
  88: ret
  89: mov esi,0Ah
  8e: mov rdi,[r14]
  91: call qword ptr [rdi+10h]
