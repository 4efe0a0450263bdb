;; function 0
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-20h]
   c: cmp rcx,[rax+8]
  10: jb 0000000000000059h
  16: sub rsp,20h
  1a: mov [rbp-8],r14
  1e: mov r15,[r14+8]
  22: mov esi,[rbp+10h]
  25: mov [rsp],rsi
  29: mov r11,[r14+48h]
  2d: lea r11,[r11+8]
  31: call qword ptr [r11]
  34: mov ecx,[rsp]
  37: mov [rsp],rcx
  3b: mov rax,[r14+28h]
  3f: mov r14,[rax+8]
  43: call qword ptr [rax]
  45: mov r14,[rbp-8]
  49: mov r15,[r14+8]
  4d: mov edi,[rsp]
  50: mov [rbp+10h],rdi
  54: mov rsp,rbp
  57: pop rbp
  58: ret
  59: mov esi,0Ah
  5e: mov rdi,[r14]
  61: call qword ptr [rdi+10h]
;; function 1
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-10h]
   c: cmp rcx,[rax+8]
  10: jb 000000000000005Bh
  16: sub rsp,10h
  1a: mov [rbp-8],r14
  1e: mov r15,[r14+8]
  22: mov eax,[rbp+10h]
  25: xor r9d,r9d
  28: mov edx,4
  2d: mov edi,[r15+rdx]
  31: add r9d,edi
  34: add edx,0FFFFFFFFh
  37: test edx,edx
  39: jne short 000000000000002Dh
  3b: mov [r15+rax+40h],r9d
  40: mov r10d,[r15+rax+80h]
  48: xor r9d,r10d
  4b: add eax,0FFFFFFFFh
  4e: test eax,eax
  50: jne short 0000000000000028h
  52: mov [rbp+10h],r9
  56: mov rsp,rbp
  59: pop rbp
  5a: ret
  5b: mov esi,0Ah
  60: mov rdi,[r14]
  63: call qword ptr [rdi+10h]
