/* qsortfp: qsort of a million integers with a comparator function, three
 * times: an indirect call per comparison. */
#include <stdio.h>
#include <stdlib.h>
static int cmp(const void*a,const void*b){ unsigned x=*(const unsigned*)a,y=*(const unsigned*)b; return (x>y)-(x<y);}
int main(void){ int n=1000000; unsigned *v=malloc(n*4); unsigned s=1; unsigned long long sum=0;
 for(int r=0;r<3;r++){ for(int i=0;i<n;i++){ s=s*1103515245u+12345u; v[i]=s;} qsort(v,n,4,cmp); sum+=v[n/2]+v[7];}
 printf("%llu\n",sum); return 0;}
