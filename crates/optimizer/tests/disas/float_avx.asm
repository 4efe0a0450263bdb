;; function 0
   0: push rbp
   1: mov rbp,rsp
   4: sub rsp,10h
   8: mov [rbp-8],r14
   c: movsd xmm1,[rbp+10h]
  11: movsd xmm2,[rbp+18h]
  16: vsubsd xmm1,xmm1,xmm2
  1a: vmulsd xmm2,xmm1,xmm1
  1e: movsd xmm3,[40h]
  26: vsqrtsd xmm4,xmm2,xmm2
  2a: vmulsd xmm2,xmm2,xmm4
  2e: vdivsd xmm2,xmm3,xmm2
  32: vmulsd xmm0,xmm1,xmm2
  36: movsd [rbp+10h],xmm0
  3b: mov rsp,rbp
  3e: pop rbp
  3f: ret
  40: jnp short 0000000000000056h
  42: scasb [rdi]
  43: loope 00000000000000C0h
  46: test [rdi],bh
  48: add [rax],al
  4a: add [rax],al
  4c: add [rax],al
  4e: add [rax],al
