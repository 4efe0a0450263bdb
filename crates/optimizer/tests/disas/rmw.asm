;; function 0
   0: push rbp
   1: mov rbp,rsp
   4: sub rsp,10h
   8: mov [rbp-8],r14
   c: mov r15,[r14+8]
  10: mov rcx,rdi
  13: mov rdi,rcx
  16: shr edi,5
  19: lea esi,[rsi+rdi*4]
  1c: mov edi,1
  21: shl edi,cl
  23: or [r15+rsi],edi
  27: mov rsp,rbp
  2a: pop rbp
  2b: ret
;; function 1
   0: push rbp
   1: mov rbp,rsp
   4: sub rsp,10h
   8: mov [rbp-8],r14
   c: mov r15,[r14+8]
  10: add dword ptr [r15+rsi+10h],1
  16: mov rsp,rbp
  19: pop rbp
  1a: ret
;; function 2
   0: push rbp
   1: mov rbp,rsp
   4: sub rsp,10h
   8: mov [rbp-8],r14
   c: mov r15,[r14+8]
  10: sub [r15+rsi+8],rdi
  15: mov rsp,rbp
  18: pop rbp
  19: ret
;; function 3
   0: push rbp
   1: mov rbp,rsp
   4: sub rsp,10h
   8: mov [rbp-8],r14
   c: mov r15,[r14+8]
  10: mov r8,rdi
  13: xor r8d,[r15+rsi]
  17: mov [r15+rsi+4],r8d
  1c: mov rsp,rbp
  1f: pop rbp
  20: ret
;; function 4
   0: push rbp
   1: mov rbp,rsp
   4: sub rsp,10h
   8: mov [rbp-8],r14
   c: mov r15,[r14+8]
  10: mov eax,[r15+rsi]
  14: mov r8,rax
  17: and r8d,edi
  1a: mov [r15+rsi],r8d
  1e: mov [rbp+10h],rax
  22: mov rsp,rbp
  25: pop rbp
  26: ret
;; function 5
   0: push rbp
   1: mov rbp,rsp
   4: sub rsp,10h
   8: mov [rbp-8],r14
   c: mov r15,[r14+8]
  10: movzx r8d,byte ptr [r15+rsi]
  15: add edi,r8d
  18: mov [r15+rsi],dil
  1c: mov rsp,rbp
  1f: pop rbp
  20: ret
