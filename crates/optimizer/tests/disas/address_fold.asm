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
  22: mov esi,[rbp+10h]
  25: mov r9d,[r15+rsi+10h]
  2a: mov [rbp+10h],r9
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
  10: jb 0000000000000056h
  16: sub rsp,10h
  1a: mov [rbp-8],r14
  1e: mov r15,[r14+8]
  22: mov esi,[rbp+10h]
  25: xor r9d,r9d
  28: xor ecx,ecx
  2a: nop [rax+rax]
  30: cmp r9d,esi
  33: jae 000000000000004Dh
  39: mov rdi,r9
  3c: shl edi,2
  3f: mov r10d,[r15+rdi+4]
  44: add ecx,r10d
  47: add r9d,1
  4b: jmp short 0000000000000030h
  4d: mov [rbp+10h],rcx
  51: mov rsp,rbp
  54: pop rbp
  55: ret
  56: mov esi,0Ah
  5b: mov rdi,[r14]
  5e: call qword ptr [rdi+10h]
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
  22: mov esi,[rbp+10h]
  25: mov r9d,[rbp+18h]
  29: shl r9d,4
  2d: lea eax,[rsi+r9]
  31: mov rdi,[r15+rax+8]
  36: mov [rbp+10h],rdi
  3a: mov rsp,rbp
  3d: pop rbp
  3e: ret
  3f: mov esi,0Ah
  44: mov rdi,[r14]
  47: call qword ptr [rdi+10h]
