/* fib: naive recursive Fibonacci, fib(36). Measures the cost of a direct
 * call and return (clang turns one of the two recursive calls into a loop). */
#include <stdio.h>
static int fib(int n){ return n<2?n:fib(n-1)+fib(n-2); }
int main(void){ printf("%d\n", fib(36)); return 0; }
