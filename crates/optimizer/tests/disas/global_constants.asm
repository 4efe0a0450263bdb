;; function 0
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-10h]
   c: cmp rcx,[rax+8]
  10: jb 000000000000002Ch
  16: sub rsp,10h
  1a: mov [rbp-8],r14
  1e: mov eax,3F4h
  23: mov [rbp+10h],rax
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
  10: jb 0000000000000040h
  16: sub rsp,10h
  1a: mov [rbp-8],r14
  1e: mov r11,[r14+18h]
  22: mov r11,[r11+18h]
  26: mov esi,[r11]
  29: mov r11,[r14+18h]
  2d: mov r11,[r11+20h]
  31: mov edi,[r11]
  34: lea eax,[rsi+rdi]
  37: mov [rbp+10h],rax
  3b: mov rsp,rbp
  3e: pop rbp
  3f: ret
  40: mov esi,0Ah
  45: mov rdi,[r14]
  48: call qword ptr [rdi+10h]
