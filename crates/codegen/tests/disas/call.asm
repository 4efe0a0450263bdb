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
   7: lea rcx,[rsp-20h]
   f: cmp rcx,[rax+8]
  13: jb 000000000000003Fh
  19: sub rsp,20h
  20: mov [rbp-8],r14
  24: mov r11d,[rbp+10h]
  28: mov [rsp],r11d
  2c: call 0000000000000031h
  31: mov esi,[rsp]
  34: add esi,1
  37: mov [rbp+10h],esi
  3a: mov rsp,rbp
  3d: pop rbp
  3e: ret
  3f: mov esi,0Ah
  44: mov rdi,[r14]
  47: call qword ptr [rdi+10h]
