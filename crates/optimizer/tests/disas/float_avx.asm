;; function 0
   0: push rbp
   1: mov rbp,rsp
   4: sub rsp,10h
   8: mov [rbp-8],r14
   c: vsubsd xmm1,xmm1,xmm2
  10: vmulsd xmm2,xmm1,xmm1
  14: movsd xmm3,[40h]
  1c: vsqrtsd xmm4,xmm2,xmm2
  20: vmulsd xmm2,xmm2,xmm4
  24: vdivsd xmm2,xmm3,xmm2
  28: vmulsd xmm0,xmm1,xmm2
  2c: movsd [rbp+10h],xmm0
  31: mov rsp,rbp
  34: pop rbp
  35: ret
  36: nop [rax+rax]
  3f: nop
  40: jnp short 0000000000000056h
  42: scasb [rdi]
  43: loope 00000000000000C0h
  46: test [rdi],bh
  48: add [rax],al
  4a: add [rax],al
  4c: add [rax],al
  4e: add [rax],al
