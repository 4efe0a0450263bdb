;; function 0
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-10h]
   c: cmp rcx,[rax+8]
  10: jb 0000000000000052h
  16: sub rsp,10h
  1a: mov [rbp-8],r14
  1e: movsd xmm1,[rbp+10h]
  23: movsd xmm2,[rbp+18h]
  28: vsubsd xmm1,xmm1,xmm2
  2c: vmulsd xmm2,xmm1,xmm1
  30: movsd xmm3,[60h]
  38: vsqrtsd xmm4,xmm2,xmm2
  3c: vmulsd xmm2,xmm2,xmm4
  40: vdivsd xmm2,xmm3,xmm2
  44: vmulsd xmm0,xmm1,xmm2
  48: movsd [rbp+10h],xmm0
  4d: mov rsp,rbp
  50: pop rbp
  51: ret
  52: mov esi,0Ah
  57: mov rdi,[r14]
  5a: call qword ptr [rdi+10h]
  5d: nop [rax]
  60: jnp short 0000000000000076h
  62: scasb [rdi]
  63: loope 00000000000000E0h
  66: test [rdi],bh
  68: add [rax],al
  6a: add [rax],al
  6c: add [rax],al
  6e: add [rax],al
