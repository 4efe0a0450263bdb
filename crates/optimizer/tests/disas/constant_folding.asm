;; function 0
   0: push rbp
   1: mov rbp,rsp
   4: sub rsp,10h
   8: mov [rbp-8],r14
   c: mov eax,8Eh
  11: mov [rbp+10h],rax
  15: mov rsp,rbp
  18: pop rbp
  19: ret
;; function 1
   0: push rbp
   1: mov rbp,rsp
   4: sub rsp,10h
   8: mov [rbp-8],r14
   c: lea eax,[rsi+1]
   f: mov [rbp+10h],rax
  13: mov rsp,rbp
  16: pop rbp
  17: ret
