;; function 0
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-10h]
   f: cmp rcx,[rax+8]
  13: jb 0000000000000029h
  19: sub rsp,10h
  20: mov [rbp-8],r14
  24: mov rsp,rbp
  27: pop rbp
  28: ret
  29: mov esi,0Ah
  2e: mov rdi,[r14]
  31: jmp qword ptr [rdi+10h]
;; function 1
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-20h]
   f: cmp rcx,[rax+8]
  13: jb 0000000000000048h
  19: sub rsp,20h
  20: mov [rbp-8],r14
  24: mov r11,[rbp+10h]
  28: mov [rsp],r11
  2c: mov rax,[r14+28h]
  30: mov r14,[rax+8]
  34: call qword ptr [rax]
  36: mov r14,[rbp-8]
  3a: mov ebx,[rsp]
  3d: add ebx,1
  40: mov [rbp+10h],ebx
  43: mov rsp,rbp
  46: pop rbp
  47: ret
  48: mov esi,0Ah
  4d: mov rdi,[r14]
  50: jmp qword ptr [rdi+10h]
