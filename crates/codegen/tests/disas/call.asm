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
  13: jb 000000000000004Ah
  19: sub rsp,20h
  20: mov [rbp-8],r14
  24: sub rsp,10h
  28: mov r11d,[rbp+10h]
  2c: mov [rsp],r11d
  30: call 0000000000000035h
  35: mov esi,[rsp]
  38: lea rsp,[rbp-20h]
  3f: add esi,1
  42: mov [rbp+10h],esi
  45: mov rsp,rbp
  48: pop rbp
  49: ret
  4a: mov esi,0Ah
  4f: mov rdi,[r14]
  52: call qword ptr [rdi+10h]
