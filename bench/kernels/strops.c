/* strops: memcpy, strlen, strchr and memcmp over 1 MiB, 300 times:
 * wasi-libc's byte and word loops. */
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
int main(void){ char *buf=malloc(1<<20); char *dst=malloc(1<<20); unsigned long h=0;
 for(int i=0;i<(1<<20)-1;i++) buf[i]='a'+(i*7)%26; buf[(1<<20)-1]=0;
 for(int r=0;r<300;r++){ buf[r*100]='!'; memcpy(dst,buf,1<<20); h+=strlen(dst); h+=(unsigned long)(strchr(dst,'!')-dst); h+=memcmp(dst,buf,1<<20); buf[r*100]='a'+(r*100*7)%26; }
 printf("%lu\n",h); return 0;}
