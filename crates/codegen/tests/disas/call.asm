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
  13: jb 0000000000000054h
  19: sub rsp,20h
  20: mov [rbp-8],r14
  24: sub rsp,10h
  28: mov r11d,[rbp+10h]
  2c: mov [rsp],r11d
  30: mov esi,[rsp]
  33: call 0000000000000038h
  38: mov [rsp],rax
  3c: mov esi,[rsp]
  3f: lea rsp,[rbp-20h]
  46: add esi,1
  49: mov [rbp+10h],esi
  4c: mov eax,[rbp+10h]
  4f: mov rsp,rbp
  52: pop rbp
  53: ret
  54: mov esi,0Ah
  59: mov rdi,[r14]
  5c: call qword ptr [rdi+10h]
