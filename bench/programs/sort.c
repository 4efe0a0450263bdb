/* sort: an introsort-style quicksort of 32-bit integers (median of three,
 * insertion sort for short ranges) and a stable bottom-up merge sort of
 * records by key, each checked and hashed. Memory: streaming and
 * data-dependent branches. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct record {
    uint32_t key;
    uint32_t seq;
    uint64_t payload;
};

static uint64_t rng = 0x853c49e6748fea9bULL;
static uint32_t next_rand(void) {
    rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
    uint32_t xorshifted = (uint32_t)(((rng >> 18) ^ rng) >> 27);
    uint32_t rot = (uint32_t)(rng >> 59);
    return (xorshifted >> rot) | (xorshifted << ((32 - rot) & 31));
}

static void insertion_sort(uint32_t *a, long n) {
    for (long i = 1; i < n; i++) {
        uint32_t v = a[i];
        long j = i - 1;
        while (j >= 0 && a[j] > v) {
            a[j + 1] = a[j];
            j--;
        }
        a[j + 1] = v;
    }
}

static void quicksort(uint32_t *a, long n) {
    while (n > 16) {
        long mid = n / 2;
        uint32_t x = a[0], y = a[mid], z = a[n - 1];
        uint32_t pivot = x < y ? (y < z ? y : (x < z ? z : x)) : (x < z ? x : (y < z ? z : y));
        long i = 0, j = n - 1;
        for (;;) {
            while (a[i] < pivot)
                i++;
            while (a[j] > pivot)
                j--;
            if (i >= j)
                break;
            uint32_t t = a[i];
            a[i] = a[j];
            a[j] = t;
            i++;
            j--;
        }
        /* Recurse into the smaller half, loop on the larger. */
        if (j + 1 < n - j - 1) {
            quicksort(a, j + 1);
            a += j + 1;
            n -= j + 1;
        } else {
            quicksort(a + j + 1, n - j - 1);
            n = j + 1;
        }
    }
    insertion_sort(a, n);
}

static void merge_sort(struct record *a, struct record *tmp, long n) {
    for (long width = 1; width < n; width *= 2) {
        for (long lo = 0; lo < n; lo += 2 * width) {
            long mid = lo + width < n ? lo + width : n;
            long hi = lo + 2 * width < n ? lo + 2 * width : n;
            long i = lo, j = mid, k = lo;
            while (i < mid && j < hi)
                tmp[k++] = a[j].key < a[i].key ? a[j++] : a[i++];
            while (i < mid)
                tmp[k++] = a[i++];
            while (j < hi)
                tmp[k++] = a[j++];
        }
        /* Ping-pong: the next pass reads what this one wrote. */
        struct record *t = a;
        a = tmp;
        tmp = t;
    }
}

int main(int argc, char **argv) {
    long n = argc > 1 ? atol(argv[1]) : 2000000;
    uint32_t *v = malloc(n * sizeof *v);
    uint64_t h = 1469598103934665603ULL;
    for (int round = 0; round < 3; round++) {
        for (long i = 0; i < n; i++)
            v[i] = round == 2 ? (uint32_t)(i * 7 % 1000) : next_rand();
        quicksort(v, n);
        for (long i = 1; i < n; i++)
            if (v[i - 1] > v[i]) {
                printf("unsorted\n");
                return 1;
            }
        for (long i = 0; i < n; i += 97)
            h = (h ^ v[i]) * 1099511628211ULL;
    }
    long m = n / 2;
    struct record *r = malloc(m * sizeof *r);
    struct record *tmp = malloc(m * sizeof *tmp);
    for (long i = 0; i < m; i++) {
        r[i].key = next_rand() % 100000;
        r[i].seq = (uint32_t)i;
        r[i].payload = (uint64_t)next_rand() << 32 | next_rand();
    }
    /* Bottom-up merge sort ping-pongs between r and tmp; count the passes to
     * know which holds the result. */
    long passes = 0;
    for (long w = 1; w < m; w *= 2)
        passes++;
    merge_sort(r, tmp, m);
    struct record *sorted = passes % 2 ? tmp : r;
    for (long i = 1; i < m; i++)
        if (sorted[i - 1].key > sorted[i].key ||
            (sorted[i - 1].key == sorted[i].key && sorted[i - 1].seq > sorted[i].seq)) {
            printf("unstable\n");
            return 1;
        }
    for (long i = 0; i < m; i += 89)
        h = (h ^ sorted[i].payload ^ sorted[i].seq) * 1099511628211ULL;
    printf("%016llx\n", (unsigned long long)h);
    free(v);
    free(r);
    free(tmp);
    return 0;
}
