/* Integer and string work: 64-bit arithmetic (division, remainders,
 * shifts, rotations, bit counts), wrapping unsigned overflow, a switch
 * compiled to a jump table, calls through function pointers, deep
 * recursion, qsort, and formatting and parsing with printf, sscanf,
 * strtol and strtod. */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

static const char *classify(int c) {
    switch (c) {
    case 0: return "zero";
    case 1: return "one";
    case 2: return "two";
    case 3: return "three";
    case 4: return "four";
    case 5: return "five";
    case 6: return "six";
    case 7: return "seven";
    case 8: return "eight";
    case 9: return "nine";
    default: return "many";
    }
}

static int64_t add(int64_t a, int64_t b) { return a + b; }
static int64_t sub(int64_t a, int64_t b) { return a - b; }
static int64_t mul(int64_t a, int64_t b) { return a * b; }
static int64_t divide(int64_t a, int64_t b) { return b ? a / b : 0; }

static unsigned ackermann(unsigned m, unsigned n) {
    if (m == 0) return n + 1;
    if (n == 0) return ackermann(m - 1, 1);
    return ackermann(m - 1, ackermann(m, n - 1));
}

static unsigned depth(unsigned n) { return n == 0 ? 0 : 1 + depth(n - 1); }

static int cmp_str(const void *a, const void *b) {
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int cmp_int(const void *a, const void *b) {
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

int main(void) {
    int64_t vals[] = {INT64_MIN, -1000000007, -7, -1, 0, 1, 3, 1000000007, INT64_MAX};
    for (size_t i = 0; i < sizeof vals / sizeof *vals; i++) {
        int64_t v = vals[i];
        printf("%" PRId64 ": /7=%" PRId64 " %%7=%" PRId64 " >>3=%" PRId64 " u>>3=%" PRIu64 " clz=%d ctz=%d pop=%d\n", v, v / 7,
               v % 7, v >> 3, (uint64_t)v >> 3, v ? __builtin_clzll((uint64_t)v) : 64, v ? __builtin_ctzll((uint64_t)v) : 64,
               __builtin_popcountll((uint64_t)v));
    }
    uint64_t h = 0x9E3779B97F4A7C15ull;
    for (int i = 0; i < 1000; i++) h = rotl(h * 6364136223846793005ull + 1442695040888963407ull, i % 63 + 1) ^ (h >> 29);
    printf("mixed hash: %016" PRIx64 "\n", h);
    uint32_t u = 4000000000u;
    printf("wrapping: %u %u %u\n", u + u, u * 3u, 0u - u);
    printf("i32 min / -1 avoided, INT32_MIN %% 3 = %d\n", INT32_MIN % 3);

    int counts[11] = {0};
    for (int i = 0; i < 1000; i++) counts[(i * 7) % 11]++;
    for (int i = 0; i < 11; i++) printf("%s%s=%d", i ? " " : "", classify(i), counts[i]);
    printf("\n");

    int64_t (*ops[])(int64_t, int64_t) = {add, sub, mul, divide};
    int64_t acc = 1;
    for (int i = 1; i < 60; i++) acc = ops[i % 4](acc, i * 3 + 1);
    printf("function pointers: %" PRId64 "\n", acc);
    printf("ackermann(2, 3) = %u, ackermann(3, 5) = %u\n", ackermann(2, 3), ackermann(3, 5));
    printf("recursion depth: %u\n", depth(20000));

    const char *words[] = {"pear", "apple", "fig", "banana", "cherry", "date", "elderberry", "grape", "kiwi", "apricot"};
    const char *sorted[10];
    memcpy(sorted, words, sizeof words);
    qsort(sorted, 10, sizeof *sorted, cmp_str);
    for (int i = 0; i < 10; i++) printf("%s%s", i ? "," : "sorted: ", sorted[i]);
    printf("\n");
    int nums[1000];
    uint32_t s = 7;
    for (int i = 0; i < 1000; i++) nums[i] = (int)((s = s * 1664525u + 1013904223u) >> 8) - (1 << 23);
    qsort(nums, 1000, sizeof *nums, cmp_int);
    printf("ints: min %d, median %d, max %d\n", nums[0], nums[500], nums[999]);

    char buf[128];
    int n = snprintf(buf, sizeof buf, "[%-8s|%8s|%08.3f|%+d|%#x|%#o|%5.1e|%%]", "left", "right", -3.14159, 42, 255, 8, 123456.0);
    printf("%s (%d)\n", buf, n);
    n = snprintf(buf, 10, "%s", "truncated output here");
    printf("snprintf cut: \"%s\" wanted %d\n", buf, n);
    int a, b;
    char word[16];
    double d;
    int got = sscanf("  17 -42 token 2.5e3", "%d %d %15s %lf", &a, &b, word, &d);
    printf("sscanf: %d items: %d %d %s %g\n", got, a, b, word, d);
    char *end;
    printf("strtol: %ld %ld %ld\n", strtol("0x1f", &end, 16), strtol("-0777", &end, 8), strtol("123abc", &end, 10));
    printf("rest after 123: \"%s\"\n", end);
    printf("strtod: %.17g %.17g %g\n", strtod("0.1", NULL), strtod("1e-300", NULL), strtod("  -12.5e-1xyz", NULL));
    printf("strtoull: %llu\n", strtoull("18446744073709551615", NULL, 10));

    char text[] = "alpha,beta;gamma delta,,epsilon";
    int tokens = 0;
    for (char *t = strtok(text, ",; "); t; t = strtok(NULL, ",; ")) {
        printf("%stok%d=%s", tokens ? " " : "", tokens, t);
        tokens++;
    }
    printf("\n");
    char mv[] = "0123456789";
    memmove(mv + 2, mv, 6);
    printf("memmove: %s, strstr: %s, strrchr: %s\n", mv, strstr("haystack with needle", "needle"), strrchr("a/b/c", '/'));
    return 0;
}
