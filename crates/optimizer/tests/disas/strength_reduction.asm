;; function 0
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-10h]
   c: cmp rcx,[rax+8]
  10: jb 0000000000000034h
  16: sub rsp,10h
  1a: mov [rbp-8],r14
  1e: mov eax,[rbp+10h]
  21: mov edx,0CCCCCCCDh
  26: mul edx
  28: shr edx,3
  2b: mov [rbp+10h],rdx
  2f: mov rsp,rbp
  32: pop rbp
  33: ret
  34: mov esi,0Ah
  39: mov rdi,[r14]
  3c: call qword ptr [rdi+10h]
;; function 1
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-10h]
   c: cmp rcx,[rax+8]
  10: jb 0000000000000045h
  16: sub rsp,10h
  1a: mov [rbp-8],r14
  1e: mov esi,[rbp+10h]
  21: mov edi,92492493h
  26: mov rax,rsi
  29: imul edi
  2b: lea eax,[rdx+rsi]
  2e: sar eax,2
  31: mov r8,rax
  34: shr r8d,1Fh
  38: lea r10d,[rax+r8]
  3c: mov [rbp+10h],r10
  40: mov rsp,rbp
  43: pop rbp
  44: ret
  45: mov esi,0Ah
  4a: mov rdi,[r14]
  4d: call qword ptr [rdi+10h]
;; function 2
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-10h]
   c: cmp rcx,[rax+8]
  10: jb 000000000000002Dh
  16: sub rsp,10h
  1a: mov [rbp-8],r14
  1e: mov edi,[rbp+10h]
  21: and edi,0Fh
  24: mov [rbp+10h],rdi
  28: mov rsp,rbp
  2b: pop rbp
  2c: ret
  2d: mov esi,0Ah
  32: mov rdi,[r14]
  35: call qword ptr [rdi+10h]
;; function 3
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-10h]
   c: cmp rcx,[rax+8]
  10: jb 000000000000003Dh
  16: sub rsp,10h
  1a: mov [rbp-8],r14
  1e: mov rsi,[rbp+10h]
  22: mov r10,rsi
  25: sar r10,3Fh
  29: shr r10,3Eh
  2d: add rsi,r10
  30: sar rsi,2
  34: mov [rbp+10h],rsi
  38: mov rsp,rbp
  3b: pop rbp
  3c: ret
  3d: mov esi,0Ah
  42: mov rdi,[r14]
  45: call qword ptr [rdi+10h]
;; function 4
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-10h]
   c: cmp rcx,[rax+8]
  10: jb 0000000000000048h
  16: sub rsp,10h
  1a: mov [rbp-8],r14
  1e: mov r9,[rbp+10h]
  22: mov rdi,624DD2F1A9FBE77h
  2c: mov rax,r9
  2f: mul rdi
  32: sub r9,rdx
  35: shr r9,1
  38: add r9,rdx
  3b: shr r9,9
  3f: mov [rbp+10h],r9
  43: mov rsp,rbp
  46: pop rbp
  47: ret
  48: mov esi,0Ah
  4d: mov rdi,[r14]
  50: call qword ptr [rdi+10h]
;; function 5
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-10h]
   c: cmp rcx,[rax+8]
  10: jb 0000000000000032h
  16: sub rsp,10h
  1a: mov [rbp-8],r14
  1e: mov esi,[rbp+10h]
  21: imul r9d,esi,9
  25: lea ecx,[r9+rsi*8]
  29: mov [rbp+10h],rcx
  2d: mov rsp,rbp
  30: pop rbp
  31: ret
  32: mov esi,0Ah
  37: mov rdi,[r14]
  3a: call qword ptr [rdi+10h]
