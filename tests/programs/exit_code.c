/* Exit codes: output buffered in stdio is flushed and atexit handlers run
 * before exit's code reaches the host. */
#include <stdio.h>
#include <stdlib.h>

static void first(void) { printf("atexit: registered first, runs last\n"); }
static void second(void) { printf("atexit: registered second, runs first\n"); }

int main(void) {
    atexit(first);
    atexit(second);
    printf("buffered output without a newline... ");
    exit(42);
}
