;; function 0
   0: push rbp
   1: mov rbp,rsp
   4: mov rax,[r14]
   7: lea rcx,[rsp-30h]
   f: cmp rcx,[rax+8]
  13: jb 000000000000006Dh
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
  65: mov eax,[rbp-10h]
  68: mov rsp,rbp
  6b: pop rbp
  6c: ret
  6d: mov esi,0Ah
  72: mov rdi,[r14]
  75: call qword ptr [rdi+10h]
  78: nop [rax+rax]
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
  13: jb 000000000000005Ch
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
  52: movss xmm0,[rbp-10h]
  57: mov rsp,rbp
  5a: pop rbp
  5b: ret
  5c: mov esi,0Ah
  61: mov rdi,[r14]
  64: call qword ptr [rdi+10h]
  67: nop [rax+rax]
  70: add [rax],al
  72: sar byte ptr [rdi],0
  75: add [rax],al
  77: add [rax],al
  79: add [rax],al
  7b: add [rax],al
  7d: add [rax],al
  7f: (bad)
