/* i64div: Fermat test by modular exponentiation with 64-bit multiply and
 * remainder. */
#include <stdio.h>
#include <stdint.h>
static uint64_t mulmod(uint64_t a,uint64_t b,uint64_t m){ return (a*b)%m; }
static uint64_t powmod(uint64_t b,uint64_t e,uint64_t m){ uint64_t r=1; b%=m; while(e){ if(e&1) r=mulmod(r,b,m); b=mulmod(b,b,m); e>>=1;} return r;}
int main(void){ uint64_t s=0; for(uint64_t i=3;i<400000;i+=2) s+=powmod(2,i-1,i)==1; printf("%llu\n",(unsigned long long)s); return 0;}
