;; function 0
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-10h]
   c: cmp rcx,[rax+8]
  10: jb 000000000000003Bh
  16: sub rsp,10h
  1a: mov [rbp-8],r14
  1e: mov r8d,[rbp+10h]
  22: mov r9d,[rbp+18h]
  26: cmp r8d,r9d
  29: jge 0000000000000032h
  2f: mov r8,r9
  32: mov [rbp+10h],r8
  36: mov rsp,rbp
  39: pop rbp
  3a: ret
  3b: mov esi,0Ah
  40: mov rdi,[r14]
  43: call qword ptr [rdi+10h]
;; function 1
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-10h]
   c: cmp rcx,[rax+8]
  10: jb 000000000000004Ch
  16: sub rsp,10h
  1a: mov [rbp-8],r14
  1e: mov rdi,[rbp+10h]
  22: xor r10d,r10d
  25: nop [rax+rax]
  2e: xchg ax,ax
  30: test rdi,rdi
  33: je 0000000000000043h
  39: add r10,3
  3d: add rdi,0FFFFFFFFFFFFFFFFh
  41: jmp short 0000000000000030h
  43: mov [rbp+10h],r10
  47: mov rsp,rbp
  4a: pop rbp
  4b: ret
  4c: mov esi,0Ah
  51: mov rdi,[r14]
  54: call qword ptr [rdi+10h]
