;; function 0
   0: push rbp
   1: mov rbp,rsp
   4: sub rsp,10h
   8: mov [rbp-8],r14
   c: mov r15,[r14+8]
  10: mov esi,[rbp+10h]
  13: mov edi,[rbp+18h]
  16: mov rcx,rdi
  19: mov rdi,rcx
  1c: shr edi,5
  1f: lea esi,[rsi+rdi*4]
  22: mov edi,1
  27: shl edi,cl
  29: or [r15+rsi],edi
  2d: mov rsp,rbp
  30: pop rbp
  31: ret
;; function 1
   0: push rbp
   1: mov rbp,rsp
   4: sub rsp,10h
   8: mov [rbp-8],r14
   c: mov r15,[r14+8]
  10: mov esi,[rbp+10h]
  13: add dword ptr [r15+rsi+10h],1
  19: mov rsp,rbp
  1c: pop rbp
  1d: ret
;; function 2
   0: push rbp
   1: mov rbp,rsp
   4: sub rsp,10h
   8: mov [rbp-8],r14
   c: mov r15,[r14+8]
  10: mov esi,[rbp+10h]
  13: mov rdi,[rbp+18h]
  17: sub [r15+rsi+8],rdi
  1c: mov rsp,rbp
  1f: pop rbp
  20: ret
;; function 3
   0: push rbp
   1: mov rbp,rsp
   4: sub rsp,10h
   8: mov [rbp-8],r14
   c: mov r15,[r14+8]
  10: mov esi,[rbp+10h]
  13: mov edi,[rbp+18h]
  16: mov r8,rdi
  19: xor r8d,[r15+rsi]
  1d: mov [r15+rsi+4],r8d
  22: mov rsp,rbp
  25: pop rbp
  26: ret
;; function 4
   0: push rbp
   1: mov rbp,rsp
   4: sub rsp,10h
   8: mov [rbp-8],r14
   c: mov r15,[r14+8]
  10: mov esi,[rbp+10h]
  13: mov edi,[rbp+18h]
  16: mov eax,[r15+rsi]
  1a: mov r8,rax
  1d: and r8d,edi
  20: mov [r15+rsi],r8d
  24: mov [rbp+10h],rax
  28: mov rsp,rbp
  2b: pop rbp
  2c: ret
;; function 5
   0: push rbp
   1: mov rbp,rsp
   4: sub rsp,10h
   8: mov [rbp-8],r14
   c: mov r15,[r14+8]
  10: mov esi,[rbp+10h]
  13: mov edi,[rbp+18h]
  16: movzx r8d,byte ptr [r15+rsi]
  1b: add edi,r8d
  1e: mov [r15+rsi],dil
  22: mov rsp,rbp
  25: pop rbp
  26: ret
