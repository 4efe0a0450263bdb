;; function 0
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-10h]
   c: cmp rcx,[rax+8]
  10: jb 000000000000002Ch
  16: sub rsp,10h
  1a: mov [rbp-8],r14
  1e: mov edi,3F4h
  23: mov [rbp+10h],rdi
  27: mov rsp,rbp
  2a: pop rbp
  2b: ret
  2c: mov esi,0Ah
  31: mov rdi,[r14]
  34: call qword ptr [rdi+10h]
;; function 1
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-10h]
   c: cmp rcx,[rax+8]
  10: jb 0000000000000041h
  16: sub rsp,10h
  1a: mov [rbp-8],r14
  1e: mov r11,[r14+18h]
  22: mov r11,[r11+18h]
  26: mov edi,[r11]
  29: mov r11,[r14+18h]
  2d: mov r11,[r11+20h]
  31: mov r9d,[r11]
  34: lea ecx,[rdi+r9]
  38: mov [rbp+10h],rcx
  3c: mov rsp,rbp
  3f: pop rbp
  40: ret
  41: mov esi,0Ah
  46: mov rdi,[r14]
  49: call qword ptr [rdi+10h]
