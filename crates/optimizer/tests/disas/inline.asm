;; function 0
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-10h]
   c: cmp rcx,[rax+8]
  10: jb 0000000000000030h
  16: sub rsp,10h
  1a: mov [rbp-8],r14
  1e: mov esi,[rbp+10h]
  21: mov rax,rsi
  24: imul eax,esi
  27: mov [rbp+10h],rax
  2b: mov rsp,rbp
  2e: pop rbp
  2f: ret
  30: mov esi,0Ah
  35: mov rdi,[r14]
  38: call qword ptr [rdi+10h]
;; function 1
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-10h]
   c: cmp rcx,[rax+8]
  10: jb 000000000000003Eh
  16: sub rsp,10h
  1a: mov [rbp-8],r14
  1e: mov esi,[rbp+10h]
  21: mov edi,[rbp+18h]
  24: mov r8,rsi
  27: imul r8d,esi
  2b: mov rsi,rdi
  2e: imul esi,edi
  31: lea eax,[r8+rsi]
  35: mov [rbp+10h],rax
  39: mov rsp,rbp
  3c: pop rbp
  3d: ret
  3e: mov esi,0Ah
  43: mov rdi,[r14]
  46: call qword ptr [rdi+10h]
