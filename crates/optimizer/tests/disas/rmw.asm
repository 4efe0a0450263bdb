;; function 0
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-10h]
   c: cmp rcx,[rax+8]
  10: jb 0000000000000044h
  16: sub rsp,10h
  1a: mov [rbp-8],r14
  1e: mov r15,[r14+8]
  22: mov esi,[rbp+10h]
  25: mov edi,[rbp+18h]
  28: mov rcx,rdi
  2b: mov rdi,rcx
  2e: shr edi,5
  31: lea esi,[rsi+rdi*4]
  34: mov edi,1
  39: shl edi,cl
  3b: or [r15+rsi],edi
  3f: mov rsp,rbp
  42: pop rbp
  43: ret
  44: mov esi,0Ah
  49: mov rdi,[r14]
  4c: call qword ptr [rdi+10h]
;; function 1
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-10h]
   c: cmp rcx,[rax+8]
  10: jb 0000000000000030h
  16: sub rsp,10h
  1a: mov [rbp-8],r14
  1e: mov r15,[r14+8]
  22: mov esi,[rbp+10h]
  25: add dword ptr [r15+rsi+10h],1
  2b: mov rsp,rbp
  2e: pop rbp
  2f: ret
  30: mov esi,0Ah
  35: mov rdi,[r14]
  38: call qword ptr [rdi+10h]
;; function 2
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
  25: mov rdi,[rbp+18h]
  29: sub [r15+rsi+8],rdi
  2e: mov rsp,rbp
  31: pop rbp
  32: ret
  33: mov esi,0Ah
  38: mov rdi,[r14]
  3b: call qword ptr [rdi+10h]
;; function 3
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-10h]
   c: cmp rcx,[rax+8]
  10: jb 0000000000000039h
  16: sub rsp,10h
  1a: mov [rbp-8],r14
  1e: mov r15,[r14+8]
  22: mov esi,[rbp+10h]
  25: mov edi,[rbp+18h]
  28: mov r8,rdi
  2b: xor r8d,[r15+rsi]
  2f: mov [r15+rsi+4],r8d
  34: mov rsp,rbp
  37: pop rbp
  38: ret
  39: mov esi,0Ah
  3e: mov rdi,[r14]
  41: call qword ptr [rdi+10h]
;; function 4
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
  25: mov edi,[rbp+18h]
  28: mov eax,[r15+rsi]
  2c: mov r8,rax
  2f: and r8d,edi
  32: mov [r15+rsi],r8d
  36: mov [rbp+10h],rax
  3a: mov rsp,rbp
  3d: pop rbp
  3e: ret
  3f: mov esi,0Ah
  44: mov rdi,[r14]
  47: call qword ptr [rdi+10h]
;; function 5
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-10h]
   c: cmp rcx,[rax+8]
  10: jb 0000000000000039h
  16: sub rsp,10h
  1a: mov [rbp-8],r14
  1e: mov r15,[r14+8]
  22: mov esi,[rbp+10h]
  25: mov edi,[rbp+18h]
  28: movzx r8d,byte ptr [r15+rsi]
  2d: add edi,r8d
  30: mov [r15+rsi],dil
  34: mov rsp,rbp
  37: pop rbp
  38: ret
  39: mov esi,0Ah
  3e: mov rdi,[r14]
  41: call qword ptr [rdi+10h]
