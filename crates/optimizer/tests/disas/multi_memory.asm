;; function 0
   0: push rbp
   1: mov rbp,rsp
   4: mov r15,[r14+8]
   8: mov r11,[r14+10h]
   c: mov r11,[r11+8]
  10: mov rdi,[r11]
  13: mov r11,[r14+10h]
  17: mov r11,[r11+10h]
  1b: mov r8,[r11]
  1e: xor r9d,r9d
  21: nop [rax+rax]
  2a: nop [rax+rax]
  30: cmp r9d,esi
  33: jae 0000000000000047h
  39: mov r10d,[rdi+r9]
  3d: mov [r8+r9],r10d
  41: add r9d,4
  45: jmp short 0000000000000030h
  47: mov eax,[r15+rsi]
  4b: mov rsp,rbp
  4e: pop rbp
  4f: ret
