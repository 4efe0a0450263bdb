/* Returning from main with a non-zero code is an exit with that code. */
#include <stdio.h>

int main(void) {
    printf("returning 7 from main\n");
    return 7;
}
