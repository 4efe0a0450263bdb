/* crc: table-driven CRC-32 of 1 MiB, 100 times: a load-dependent integer
 * loop. */
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
static uint32_t table[256];
int main(void){ for(uint32_t i=0;i<256;i++){uint32_t c=i; for(int k=0;k<8;k++) c=c&1?0xEDB88320u^(c>>1):c>>1; table[i]=c;}
 int n=1<<20; uint8_t*d=malloc(n); for(int i=0;i<n;i++) d[i]=i*31+7; uint32_t crc=0;
 for(int r=0;r<100;r++){ uint32_t c=~0u; for(int i=0;i<n;i++) c=table[(c^d[i])&255]^(c>>8); crc^=~c; d[r]++;}
 printf("%08x\n",crc); return 0;}
