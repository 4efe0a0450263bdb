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
  25: mov eax,[r15+rsi+10h]
  2a: mov [rbp+10h],rax
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
  10: jb 0000000000000055h
  16: sub rsp,10h
  1a: mov [rbp-8],r14
  1e: mov r15,[r14+8]
  22: mov esi,[rbp+10h]
  25: xor edi,edi
  27: xor r8d,r8d
  2a: mov rax,r8
  2d: nop [rax]
  30: cmp edi,esi
  32: jae 000000000000004Ch
  38: mov r8,rdi
  3b: shl r8d,2
  3f: mov r8d,[r15+r8+4]
  44: add eax,r8d
  47: add edi,1
  4a: jmp short 0000000000000030h
  4c: mov [rbp+10h],rax
  50: mov rsp,rbp
  53: pop rbp
  54: ret
  55: mov esi,0Ah
  5a: mov rdi,[r14]
  5d: call qword ptr [rdi+10h]
;; function 2
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-10h]
   c: cmp rcx,[rax+8]
  10: jb 0000000000000040h
  16: sub rsp,10h
  1a: mov [rbp-8],r14
  1e: mov r15,[r14+8]
  22: mov esi,[rbp+10h]
  25: mov edi,[rbp+18h]
  28: mov r8,rdi
  2b: shl r8d,4
  2f: add esi,r8d
  32: mov rax,[r15+rsi+8]
  37: mov [rbp+10h],rax
  3b: mov rsp,rbp
  3e: pop rbp
  3f: ret
  40: mov esi,0Ah
  45: mov rdi,[r14]
  48: call qword ptr [rdi+10h]
