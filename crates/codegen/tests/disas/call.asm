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
  31: call qword ptr [rdi+10h]
;; function 1
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-30h]
   f: cmp rcx,[rax+8]
  13: jb 000000000000004Eh
  19: sub rsp,20h
  20: mov [rbp-8],r14
  24: sub rsp,10h
  28: mov r11d,[rbp+10h]
  2c: mov [rsp],r11d
  30: call 0000000000000035h
  35: mov esi,[rsp]
  38: lea rsp,[rbp-20h]
  3f: mov r14,[rbp-8]
  43: add esi,1
  46: mov [rbp+10h],esi
  49: mov rsp,rbp
  4c: pop rbp
  4d: ret
  4e: mov esi,0Ah
  53: mov rdi,[r14]
  56: call qword ptr [rdi+10h]
