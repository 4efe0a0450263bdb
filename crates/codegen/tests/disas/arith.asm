;; function 0
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-20h]
   f: cmp rcx,[rax+8]
  13: jb 0000000000000035h
  19: sub rsp,20h
  20: mov [rbp-8],r14
  24: mov esi,[rbp+10h]
  27: imul esi,0Ah
  2a: add esi,[rbp+18h]
  2d: mov rax,rsi
  30: mov rsp,rbp
  33: pop rbp
  34: ret
  35: mov esi,0Ah
  3a: mov rdi,[r14]
  3d: call qword ptr [rdi+10h]
;; function 1
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-20h]
   f: cmp rcx,[rax+8]
  13: jb 0000000000000038h
  19: sub rsp,20h
  20: mov [rbp-8],r14
  24: mov rsi,[rbp+10h]
  28: sub rsi,1
  2c: shl rsi,3
  30: mov rax,rsi
  33: mov rsp,rbp
  36: pop rbp
  37: ret
  38: mov esi,0Ah
  3d: mov rdi,[r14]
  40: call qword ptr [rdi+10h]
