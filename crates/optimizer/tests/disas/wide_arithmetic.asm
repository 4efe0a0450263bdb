;; function 0
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-10h]
   c: cmp rcx,[rax+8]
  10: jb 0000000000000036h
  16: sub rsp,10h
  1a: mov [rbp-8],r14
  1e: mov rax,[rbp+10h]
  22: mov r8,[rbp+18h]
  26: mul r8
  29: mov [rbp+10h],rax
  2d: mov [rbp+18h],rdx
  31: mov rsp,rbp
  34: pop rbp
  35: ret
  36: mov esi,0Ah
  3b: mov rdi,[r14]
  3e: call qword ptr [rdi+10h]
;; function 1
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-10h]
   c: cmp rcx,[rax+8]
  10: jb 0000000000000044h
  16: sub rsp,10h
  1a: mov [rbp-8],r14
  1e: mov r10,[rbp+10h]
  22: mov r8,[rbp+18h]
  26: mov rcx,[rbp+20h]
  2a: mov rdx,[rbp+28h]
  2e: mov r9,r8
  31: add r10,rcx
  34: adc r9,rdx
  37: mov [rbp+10h],r10
  3b: mov [rbp+18h],r9
  3f: mov rsp,rbp
  42: pop rbp
  43: ret
  44: mov esi,0Ah
  49: mov rdi,[r14]
  4c: call qword ptr [rdi+10h]
;; function 2
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-10h]
   c: cmp rcx,[rax+8]
  10: jb 0000000000000044h
  16: sub rsp,10h
  1a: mov [rbp-8],r14
  1e: mov r10,[rbp+10h]
  22: mov r8,[rbp+18h]
  26: mov rcx,[rbp+20h]
  2a: mov rdx,[rbp+28h]
  2e: mov r9,r8
  31: sub r10,rcx
  34: sbb r9,rdx
  37: mov [rbp+10h],r10
  3b: mov [rbp+18h],r9
  3f: mov rsp,rbp
  42: pop rbp
  43: ret
  44: mov esi,0Ah
  49: mov rdi,[r14]
  4c: call qword ptr [rdi+10h]
;; function 3
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-10h]
   c: cmp rcx,[rax+8]
  10: jb 0000000000000036h
  16: sub rsp,10h
  1a: mov [rbp-8],r14
  1e: mov rax,[rbp+10h]
  22: mov r8,[rbp+18h]
  26: imul r8
  29: mov [rbp+10h],rax
  2d: mov [rbp+18h],rdx
  31: mov rsp,rbp
  34: pop rbp
  35: ret
  36: mov esi,0Ah
  3b: mov rdi,[r14]
  3e: call qword ptr [rdi+10h]
