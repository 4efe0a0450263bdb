;; function 0
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-10h]
   f: cmp rcx,[rax+8]
  13: jb 000000000000002Ch
  19: sub rsp,10h
  20: mov [rbp-8],r14
  24: mov eax,[rbp+10h]
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
   7: lea rcx,[rsp-30h]
   f: cmp rcx,[rax+8]
  13: jb 000000000000004Dh
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
  45: mov eax,[rbp+10h]
  48: mov rsp,rbp
  4b: pop rbp
  4c: ret
  4d: mov esi,0Ah
  52: mov rdi,[r14]
  55: call qword ptr [rdi+10h]
