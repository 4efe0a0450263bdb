;; function 0
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-10h]
   c: cmp rcx,[rax+8]
  10: jb 0000000000000055h
  16: sub rsp,10h
  1a: mov [rbp-8],r14
  1e: movsd xmm0,[rbp+10h]
  23: movsd xmm2,[rbp+18h]
  28: vsubsd xmm5,xmm0,xmm2
  2c: vmulsd xmm7,xmm5,xmm5
  30: movsd xmm9,[60h]
  39: vsqrtsd xmm11,xmm7,xmm7
  3d: vmulsd xmm13,xmm7,xmm11
  42: vdivsd xmm0,xmm9,xmm13
  47: vmulsd xmm2,xmm5,xmm0
  4b: movsd [rbp+10h],xmm2
  50: mov rsp,rbp
  53: pop rbp
  54: ret
  55: mov esi,0Ah
  5a: mov rdi,[r14]
  5d: call qword ptr [rdi+10h]
  60: jnp short 0000000000000076h
  62: scasb [rdi]
  63: loope 00000000000000E0h
  66: test [rdi],bh
  68: add [rax],al
  6a: add [rax],al
  6c: add [rax],al
  6e: add [rax],al
