;; function 0
   0: push rbp
   1: mov rbp,rsp
   4: sub rsp,10h
   8: mov [rbp-8],r14
   c: mov r15,[r14+8]
  10: mov r11,[r14+10h]
  14: mov r11,[r11+8]
  18: mov rdi,[r11]
  1b: mov r11,[r14+10h]
  1f: mov r11,[r11+10h]
  23: mov r8,[r11]
  26: xor r9d,r9d
  29: nop [rax]
  30: cmp r9d,esi
  33: jae 0000000000000047h
  39: mov r10d,[rdi+r9]
  3d: mov [r8+r9],r10d
  41: add r9d,4
  45: jmp short 0000000000000030h
  47: mov eax,[r15+rsi]
  4b: mov [rbp+10h],rax
  4f: mov rsp,rbp
  52: pop rbp
  53: ret
