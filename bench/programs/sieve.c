/* sieve: the sieve of Eratosthenes over a byte array, plus an odd-only bit
 * sieve, repeated. Integer: byte stores with strides, counting loops.
 * Indices are 64-bit: `long` is 32 bits on wasm32, where i * i overflows. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int64_t byte_sieve(uint8_t *composite, int64_t limit) {
    memset(composite, 0, limit + 1);
    int64_t count = 0;
    for (int64_t i = 2; i <= limit; i++) {
        if (!composite[i]) {
            count++;
            for (int64_t j = i * i; j <= limit; j += i)
                composite[j] = 1;
        }
    }
    return count;
}

static int64_t bit_sieve(uint32_t *bits, int64_t limit) {
    /* Odd numbers only: bit k stands for 2k+1. */
    int64_t words = (limit / 2 + 32) / 32;
    memset(bits, 0, words * 4);
    for (int64_t i = 3; i * i <= limit; i += 2) {
        int64_t k = i / 2;
        if (!(bits[k >> 5] & (1u << (k & 31))))
            for (int64_t j = i * i / 2; j <= limit / 2; j += i)
                bits[j >> 5] |= 1u << (j & 31);
    }
    int64_t count = 1; /* the prime 2 */
    for (int64_t k = 1; k <= (limit - 1) / 2; k++)
        count += !(bits[k >> 5] & (1u << (k & 31)));
    return count;
}

int main(int argc, char **argv) {
    int64_t limit = argc > 1 ? atoll(argv[1]) : 8000000;
    uint8_t *composite = malloc(limit + 1);
    uint32_t *bits = malloc((limit * 4 / 2 + 64) / 8 + 8);
    uint64_t sum = 0;
    for (int round = 0; round < 8; round++) {
        int64_t l = limit - round * 1000;
        sum = sum * 31 + byte_sieve(composite, l);
        sum = sum * 31 + bit_sieve(bits, l * 4);
    }
    printf("%llu\n", (unsigned long long)sum);
    free(composite);
    free(bits);
    return 0;
}
