;; function 0
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-10h]
   c: cmp rcx,[rax+8]
  10: jb 000000000000004Ch
  16: sub rsp,10h
  1a: mov [rbp-8],r14
  1e: mov r9d,[rbp+10h]
  22: mov r8d,[rbp+18h]
  26: mov r10d,[rbp+20h]
  2a: imul r9d,r8d
  2e: lea edi,[r9+5]
  32: mov rcx,r9
  35: xor ecx,edi
  37: test r10d,r10d
  3a: je 0000000000000043h
  40: sub ecx,r9d
  43: mov [rbp+10h],rcx
  47: mov rsp,rbp
  4a: pop rbp
  4b: ret
  4c: mov esi,0Ah
  51: mov rdi,[r14]
  54: call qword ptr [rdi+10h]
