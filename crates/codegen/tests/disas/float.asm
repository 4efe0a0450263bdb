;; function 0
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-30h]
   f: cmp rcx,[rax+8]
  13: jb 0000000000000075h
  19: sub rsp,30h
  20: mov [rbp-8],r14
  24: xor eax,eax
  26: mov [rbp-10h],rax
  2a: mov [rbp-18h],rax
  2e: mov [rbp-20h],rax
  32: movsd xmm0,[rbp-18h]
  37: addsd xmm0,[rbp+10h]
  3c: movsd [rbp-18h],xmm0
  41: movaps xmm1,xmm0
  44: mulsd xmm0,xmm1
  48: movsd [rbp-20h],xmm0
  4d: mov esi,[rbp-10h]
  50: add esi,1
  53: mov [rbp-10h],esi
  56: movsd xmm0,[80h]
  5e: ucomisd xmm0,[rbp-20h]
  63: jae short 0000000000000032h
  65: mov r11d,[rbp-10h]
  69: mov [rbp+10h],r11d
  6d: mov eax,[rbp+10h]
  70: mov rsp,rbp
  73: pop rbp
  74: ret
  75: mov esi,0Ah
  7a: mov rdi,[r14]
  7d: call qword ptr [rdi+10h]
  80: add [rax],al
  82: add [rax],al
  84: add [rax],al
  86: adc [rax],al
  89: add [rax],al
  8b: add [rax],al
  8d: add [rax],al
  8f: (bad)
;; function 1
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-20h]
   f: cmp rcx,[rax+8]
  13: jb 0000000000000064h
  19: sub rsp,20h
  20: mov [rbp-8],r14
  24: movss xmm0,[rbp+10h]
  29: ucomiss xmm0,[rbp+18h]
  2d: jbe 000000000000004Ah
  33: movss xmm0,[rbp+10h]
  38: addss xmm0,[70h]
  40: movss [rbp-10h],xmm0
  45: jmp 0000000000000052h
  4a: mov r11d,[rbp+18h]
  4e: mov [rbp-10h],r11d
  52: mov r11d,[rbp-10h]
  56: mov [rbp+10h],r11d
  5a: movss xmm0,[rbp+10h]
  5f: mov rsp,rbp
  62: pop rbp
  63: ret
  64: mov esi,0Ah
  69: mov rdi,[r14]
  6c: call qword ptr [rdi+10h]
  6f: nop
  70: add [rax],al
  72: sar byte ptr [rdi],0
  75: add [rax],al
  77: add [rax],al
  79: add [rax],al
  7b: add [rax],al
  7d: add [rax],al
  7f: (bad)
