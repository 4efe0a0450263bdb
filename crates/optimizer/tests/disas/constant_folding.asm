;; function 0
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-10h]
   c: cmp rcx,[rax+8]
  10: jb 000000000000002Ch
  16: sub rsp,10h
  1a: mov [rbp-8],r14
  1e: mov eax,8Eh
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
  10: jb 000000000000002Dh
  16: sub rsp,10h
  1a: mov [rbp-8],r14
  1e: mov esi,[rbp+10h]
  21: lea eax,[rsi+1]
  24: mov [rbp+10h],rax
  28: mov rsp,rbp
  2b: pop rbp
  2c: ret
  2d: mov esi,0Ah
  32: mov rdi,[r14]
  35: call qword ptr [rdi+10h]
