;; function 0
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-20h]
   f: cmp rcx,[rax+8]
  13: jb 0000000000000041h
  19: sub rsp,20h
  20: mov [rbp-8],r14
  24: mov r15,[r14+8]
  28: mov r11d,[rbp+18h]
  2c: mov esi,[r15+r11]
  30: add esi,1
  33: mov r11d,[rbp+10h]
  37: mov [r15+r11+8],esi
  3c: mov rsp,rbp
  3f: pop rbp
  40: ret
  41: mov esi,0Ah
  46: mov rdi,[r14]
  49: call qword ptr [rdi+10h]
