;; function 0
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-20h]
   c: cmp rcx,[rax+8]
  10: jb 000000000000005Dh
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
  50: lea rsp,[rbp-20h]
  54: mov [rbp+10h],rdi
  58: mov rsp,rbp
  5b: pop rbp
  5c: ret
  5d: mov esi,0Ah
  62: mov rdi,[r14]
  65: call qword ptr [rdi+10h]
;; function 1
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-10h]
   c: cmp rcx,[rax+8]
  10: jb 000000000000006Eh
  16: sub rsp,10h
  1a: mov [rbp-8],r14
  1e: mov r15,[r14+8]
  22: mov eax,[rbp+10h]
  25: xor r9d,r9d
  28: nop [rax+rax]
  30: mov edx,4
  35: nop [rax+rax]
  3e: xchg ax,ax
  40: mov edi,[r15+rdx]
  44: add r9d,edi
  47: add edx,0FFFFFFFFh
  4a: test edx,edx
  4c: jne short 0000000000000040h
  4e: mov [r15+rax+40h],r9d
  53: mov r10d,[r15+rax+80h]
  5b: xor r9d,r10d
  5e: add eax,0FFFFFFFFh
  61: test eax,eax
  63: jne short 0000000000000030h
  65: mov [rbp+10h],r9
  69: mov rsp,rbp
  6c: pop rbp
  6d: ret
  6e: mov esi,0Ah
  73: mov rdi,[r14]
  76: call qword ptr [rdi+10h]
