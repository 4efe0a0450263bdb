;; function 0
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-10h]
   c: cmp rcx,[rax+8]
  10: jb 000000000000004Bh
  16: sub rsp,10h
  1a: mov [rbp-8],r14
  1e: mov r8d,[rbp+10h]
  22: mov edi,[rbp+18h]
  25: mov r9d,[rbp+20h]
  29: imul r8d,edi
  2d: lea edx,[r8+5]
  31: mov rdi,r8
  34: xor edi,edx
  36: test r9d,r9d
  39: je 0000000000000042h
  3f: sub edi,r8d
  42: mov [rbp+10h],rdi
  46: mov rsp,rbp
  49: pop rbp
  4a: ret
  4b: mov esi,0Ah
  50: mov rdi,[r14]
  53: call qword ptr [rdi+10h]
