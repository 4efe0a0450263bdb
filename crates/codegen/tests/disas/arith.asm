;; function 0
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-20h]
   f: cmp rcx,[rax+8]
  13: jb 0000000000000038h
  19: sub rsp,20h
  20: mov [rbp-8],r14
  24: mov esi,[rbp+10h]
  27: imul esi,0Ah
  2a: add esi,[rbp+18h]
  2d: mov [rbp+10h],esi
  30: mov eax,[rbp+10h]
  33: mov rsp,rbp
  36: pop rbp
  37: ret
  38: mov esi,0Ah
  3d: mov rdi,[r14]
  40: call qword ptr [rdi+10h]
;; function 1
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-20h]
   f: cmp rcx,[rax+8]
  13: jb 000000000000003Dh
  19: sub rsp,20h
  20: mov [rbp-8],r14
  24: mov rsi,[rbp+10h]
  28: sub rsi,1
  2c: shl rsi,3
  30: mov [rbp+10h],rsi
  34: mov rax,[rbp+10h]
  38: mov rsp,rbp
  3b: pop rbp
  3c: ret
  3d: mov esi,0Ah
  42: mov rdi,[r14]
  45: call qword ptr [rdi+10h]
