/* virt: 60 million calls through function pointers to three one-line
 * "methods" (a C++ virtual call's shape): the cost of call_indirect into a
 * small leaf function, whose result is summed. */
#include <stdio.h>
#include <stdlib.h>
typedef struct Shape { double (*area)(struct Shape*); double a,b; } Shape;
static double sq(Shape*s){return s->a*s->a;}
static double rect(Shape*s){return s->a*s->b;}
static double tri(Shape*s){return 0.5*s->a*s->b;}
int main(void){ int n=1000; Shape*v=malloc(n*sizeof(Shape)); double (*fs[3])(Shape*)={sq,rect,tri};
 for(int i=0;i<n;i++){v[i].area=fs[(i*7)%3]; v[i].a=i%10; v[i].b=i%7;}
 double t=0; for(int r=0;r<60000;r++) for(int i=0;i<n;i++) t+=v[i].area(&v[i]); printf("%f\n",t); return 0;}
