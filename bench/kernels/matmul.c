/* matmul: 300x300 double matrix product, four times: a plain float loop
 * nest with i32 index arithmetic. */
#include <stdio.h>
#include <stdlib.h>
#define N 300
int main(void){ double *a=malloc(N*N*8),*b=malloc(N*N*8),*c=calloc(N*N,8);
 for(int i=0;i<N*N;i++){a[i]=(i%17)*0.5;b[i]=(i%13)*0.25;}
 for(int r=0;r<4;r++) for(int i=0;i<N;i++) for(int k=0;k<N;k++){double x=a[i*N+k]; for(int j=0;j<N;j++) c[i*N+j]+=x*b[k*N+j];}
 double s=0; for(int i=0;i<N*N;i++) s+=c[i]; printf("%f\n",s); return 0;}
