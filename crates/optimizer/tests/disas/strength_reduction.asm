;; function 0
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-10h]
   c: cmp rcx,[rax+8]
  10: jb 0000000000000036h
  16: sub rsp,10h
  1a: mov [rbp-8],r14
  1e: mov eax,[rbp+10h]
  21: mov r12d,0CCCCCCCDh
  27: mul r12d
  2a: shr edx,3
  2d: mov [rbp+10h],rdx
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
  10: jb 0000000000000047h
  16: sub rsp,10h
  1a: mov [rbp-8],r14
  1e: mov ebx,[rbp+10h]
  21: mov edx,92492493h
  26: mov rax,rbx
  29: imul edx
  2b: lea r13d,[rdx+rbx]
  2f: sar r13d,2
  33: mov rax,r13
  36: shr eax,1Fh
  39: lea esi,[r13+rax]
  3e: mov [rbp+10h],rsi
  42: mov rsp,rbp
  45: pop rbp
  46: ret
  47: mov esi,0Ah
  4c: mov rdi,[r14]
  4f: call qword ptr [rdi+10h]
;; function 2
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-10h]
   c: cmp rcx,[rax+8]
  10: jb 000000000000002Dh
  16: sub rsp,10h
  1a: mov [rbp-8],r14
  1e: mov esi,[rbp+10h]
  21: and esi,0Fh
  24: mov [rbp+10h],rsi
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
  10: jb 000000000000003Eh
  16: sub rsp,10h
  1a: mov [rbp-8],r14
  1e: mov rbx,[rbp+10h]
  22: mov r9,rbx
  25: sar r9,3Fh
  29: shr r9,3Eh
  2d: lea rcx,[rbx+r9]
  31: sar rcx,2
  35: mov [rbp+10h],rcx
  39: mov rsp,rbp
  3c: pop rbp
  3d: ret
  3e: mov esi,0Ah
  43: mov rdi,[r14]
  46: call qword ptr [rdi+10h]
;; function 4
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-10h]
   c: cmp rcx,[rax+8]
  10: jb 0000000000000049h
  16: sub rsp,10h
  1a: mov [rbp-8],r14
  1e: mov r8,[rbp+10h]
  22: mov rdx,624DD2F1A9FBE77h
  2c: mov rax,r8
  2f: mul rdx
  32: sub r8,rdx
  35: shr r8,1
  38: lea rbx,[rdx+r8]
  3c: shr rbx,9
  40: mov [rbp+10h],rbx
  44: mov rsp,rbp
  47: pop rbp
  48: ret
  49: mov esi,0Ah
  4e: mov rdi,[r14]
  51: call qword ptr [rdi+10h]
;; function 5
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-10h]
   c: cmp rcx,[rax+8]
  10: jb 0000000000000032h
  16: sub rsp,10h
  1a: mov [rbp-8],r14
  1e: mov ebx,[rbp+10h]
  21: imul r8d,ebx,9
  25: lea r10d,[r8+rbx*8]
  29: mov [rbp+10h],r10
  2d: mov rsp,rbp
  30: pop rbp
  31: ret
  32: mov esi,0Ah
  37: mov rdi,[r14]
  3a: call qword ptr [rdi+10h]
