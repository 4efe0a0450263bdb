/* Standard streams: formatted output, stderr, and reading stdin to the end
 * (line by line with fgets, then a word count). */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

int main(void) {
    printf("hello, world\n");
    printf("%d %5.2f %s %c %x %o %e\n", 42, 3.14159, "str", 'c', 255, 8, 12345.678);
    fprintf(stderr, "this goes to stderr\n");
    puts("puts adds a newline");
    fputs("fputs does not", stdout);
    putchar('\n');

    char line[256];
    int lines = 0, words = 0, chars = 0;
    while (fgets(line, sizeof line, stdin)) {
        lines++;
        chars += (int)strlen(line);
        int in_word = 0;
        for (char *p = line; *p; p++) {
            if (isspace((unsigned char)*p)) {
                in_word = 0;
            } else if (!in_word) {
                in_word = 1;
                words++;
            }
            *p = (char)toupper((unsigned char)*p);
        }
        printf("> %s", line);
    }
    printf("stdin: %d lines, %d words, %d chars\n", lines, words, chars);
    return 0;
}
