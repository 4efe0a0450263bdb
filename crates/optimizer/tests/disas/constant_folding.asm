;; function 0
   0: push rbp
   1: mov rbp,rsp
   4: mov eax,8Eh
   9: mov rsp,rbp
   c: pop rbp
   d: ret
;; function 1
   0: push rbp
   1: mov rbp,rsp
   4: lea eax,[rsi+1]
   7: mov rsp,rbp
   a: pop rbp
   b: ret
