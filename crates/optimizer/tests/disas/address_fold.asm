;; function 0
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-10h]
   c: cmp rcx,[rax+8]
  10: jb 0000000000000033h
  16: sub rsp,10h
  1a: mov [rbp-8],r14
  1e: mov r15,[r14+8]
  22: mov ebx,[rbp+10h]
  25: mov r8d,[r15+rbx+10h]
  2a: mov [rbp+10h],r8
  2e: mov rsp,rbp
  31: pop rbp
  32: ret
  33: mov esi,0Ah
  38: mov rdi,[r14]
  3b: call qword ptr [rdi+10h]
;; function 1
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-10h]
   c: cmp rcx,[rax+8]
  10: jb 0000000000000051h
  16: sub rsp,10h
  1a: mov [rbp-8],r14
  1e: mov r15,[r14+8]
  22: mov ebx,[rbp+10h]
  25: xor r8d,r8d
  28: xor r10d,r10d
  2b: cmp r8d,ebx
  2e: jae 0000000000000048h
  34: mov rdx,r8
  37: shl edx,2
  3a: mov esi,[r15+rdx+4]
  3f: add r10d,esi
  42: add r8d,1
  46: jmp short 000000000000002Bh
  48: mov [rbp+10h],r10
  4c: mov rsp,rbp
  4f: pop rbp
  50: ret
  51: mov esi,0Ah
  56: mov rdi,[r14]
  59: call qword ptr [rdi+10h]
;; function 2
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-10h]
   c: cmp rcx,[rax+8]
  10: jb 000000000000003Fh
  16: sub rsp,10h
  1a: mov [rbp-8],r14
  1e: mov r15,[r14+8]
  22: mov ebx,[rbp+10h]
  25: mov r8d,[rbp+18h]
  29: shl r8d,4
  2d: lea r13d,[rbx+r8]
  31: mov rdx,[r15+r13+8]
  36: mov [rbp+10h],rdx
  3a: mov rsp,rbp
  3d: pop rbp
  3e: ret
  3f: mov esi,0Ah
  44: mov rdi,[r14]
  47: call qword ptr [rdi+10h]
