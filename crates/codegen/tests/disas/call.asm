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
  13: jb 0000000000000047h
  19: sub rsp,20h
  20: mov [rbp-8],r14
  24: sub rsp,10h
  28: mov r11d,[rbp+10h]
  2c: mov [rsp],r11d
  30: mov esi,[rsp]
  33: call 0000000000000038h
  38: lea rsp,[rbp-20h]
  3f: add eax,1
  42: mov rsp,rbp
  45: pop rbp
  46: ret
  47: mov esi,0Ah
  4c: mov rdi,[r14]
  4f: call qword ptr [rdi+10h]
