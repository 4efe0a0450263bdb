;; function 0
   0: push rbp
   1: mov rbp,rsp
   4: mov eax,8Eh
   9: mov [rbp+10h],rax
   d: mov rsp,rbp
  10: pop rbp
  11: ret
;; function 1
   0: push rbp
   1: mov rbp,rsp
   4: lea eax,[rsi+1]
   7: mov [rbp+10h],rax
   b: mov rsp,rbp
   e: pop rbp
   f: ret
