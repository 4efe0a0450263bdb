/* libm: sin, exp, log and pow from wasi-libc in a loop: calls of
 * medium-sized library functions returning doubles. */
#include <stdio.h>
#include <math.h>
int main(void){ double s=0; for(int i=1;i<4000000;i++){ double x=i*1e-6; s+=sin(x)*exp(-x)+log(x+1.0)+pow(x,0.3);} printf("%.9f\n",s); return 0;}
