;; function 0
   0: push rbp
   1: mov rbp,rsp
   4: vsubsd xmm1,xmm1,xmm2
   8: vmulsd xmm2,xmm1,xmm1
   c: movsd xmm3,[30h]
  14: vsqrtsd xmm4,xmm2,xmm2
  18: vmulsd xmm2,xmm2,xmm4
  1c: vdivsd xmm2,xmm3,xmm2
  20: vmulsd xmm0,xmm1,xmm2
  24: mov rsp,rbp
  27: pop rbp
  28: ret
  29: nop [rax]
  30: jnp short 0000000000000046h
  32: scasb [rdi]
  33: loope 00000000000000B0h
  36: test [rdi],bh
  38: add [rax],al
  3a: add [rax],al
  3c: add [rax],al
  3e: add [rax],al
