;; function 0
   0: push rbp
   1: mov rbp,rsp
   4: sub rsp,10h
   8: mov [rbp-8],r14
   c: mov eax,3F4h
  11: mov [rbp+10h],rax
  15: mov rsp,rbp
  18: pop rbp
  19: ret
;; function 1
   0: push rbp
   1: mov rbp,rsp
   4: sub rsp,10h
   8: mov [rbp-8],r14
   c: mov r11,[r14+18h]
  10: mov r11,[r11+18h]
  14: mov esi,[r11]
  17: mov r11,[r14+18h]
  1b: mov r11,[r11+20h]
  1f: mov edi,[r11]
  22: lea eax,[rsi+rdi]
  25: mov [rbp+10h],rax
  29: mov rsp,rbp
  2c: pop rbp
  2d: ret
