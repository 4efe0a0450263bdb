/* Arguments and environment: argv as given, every variable of environ
 * (sorted, so the order the host keeps them in does not matter), getenv of
 * present, empty and missing variables. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern char **environ;

static int cmp(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv) {
    printf("argc=%d\n", argc);
    for (int i = 1; i < argc; i++) {
        printf("argv[%d]=\"%s\" (%zu bytes)\n", i, argv[i], strlen(argv[i]));
    }
    int n = 0;
    while (environ[n]) n++;
    char **sorted = malloc(sizeof(char *) * (size_t)(n + 1));
    memcpy(sorted, environ, sizeof(char *) * (size_t)n);
    qsort(sorted, (size_t)n, sizeof(char *), cmp);
    printf("environ has %d entries\n", n);
    for (int i = 0; i < n; i++) printf("env: %s\n", sorted[i]);
    const char *names[] = {"GREETING", "EMPTY", "MISSING"};
    for (int i = 0; i < 3; i++) {
        const char *v = getenv(names[i]);
        printf("getenv(%s) = %s%s%s\n", names[i], v ? "\"" : "", v ? v : "NULL", v ? "\"" : "");
    }
    setenv("ADDED", "later", 1);
    printf("after setenv: %s\n", getenv("ADDED"));
    free(sorted);
    return argc == 4 ? 0 : 1;
}
