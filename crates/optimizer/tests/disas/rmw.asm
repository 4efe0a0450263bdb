;; function 0
   0: push rbp
   1: mov rbp,rsp
   4: mov r15,[r14+8]
   8: mov rcx,rdi
   b: mov rdi,rcx
   e: shr edi,5
  11: lea esi,[rsi+rdi*4]
  14: mov edi,1
  19: shl edi,cl
  1b: or [r15+rsi],edi
  1f: mov rsp,rbp
  22: pop rbp
  23: ret
;; function 1
   0: push rbp
   1: mov rbp,rsp
   4: mov r15,[r14+8]
   8: add dword ptr [r15+rsi+10h],1
   e: mov rsp,rbp
  11: pop rbp
  12: ret
;; function 2
   0: push rbp
   1: mov rbp,rsp
   4: mov r15,[r14+8]
   8: sub [r15+rsi+8],rdi
   d: mov rsp,rbp
  10: pop rbp
  11: ret
;; function 3
   0: push rbp
   1: mov rbp,rsp
   4: mov r15,[r14+8]
   8: mov r8,rdi
   b: xor r8d,[r15+rsi]
   f: mov [r15+rsi+4],r8d
  14: mov rsp,rbp
  17: pop rbp
  18: ret
;; function 4
   0: push rbp
   1: mov rbp,rsp
   4: mov r15,[r14+8]
   8: mov eax,[r15+rsi]
   c: mov r8,rax
   f: and r8d,edi
  12: mov [r15+rsi],r8d
  16: mov rsp,rbp
  19: pop rbp
  1a: ret
;; function 5
   0: push rbp
   1: mov rbp,rsp
   4: mov r15,[r14+8]
   8: movzx r8d,byte ptr [r15+rsi]
   d: add edi,r8d
  10: mov [r15+rsi],dil
  14: mov rsp,rbp
  17: pop rbp
  18: ret
