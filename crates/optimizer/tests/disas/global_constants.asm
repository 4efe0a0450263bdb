;; function 0
   0: push rbp
   1: mov rbp,rsp
   4: mov eax,3F4h
   9: mov rsp,rbp
   c: pop rbp
   d: ret
;; function 1
   0: push rbp
   1: mov rbp,rsp
   4: mov r11,[r14+18h]
   8: mov r11,[r11+18h]
   c: mov esi,[r11]
   f: mov r11,[r14+18h]
  13: mov r11,[r11+20h]
  17: mov edi,[r11]
  1a: lea eax,[rsi+rdi]
  1d: mov rsp,rbp
  20: pop rbp
  21: ret
