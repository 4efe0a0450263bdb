/* Random numbers from the host: getentropy fills buffers that differ
 * between calls and look random (every byte value shows up in 64 KiB);
 * a seeded PRNG of our own is deterministic. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(void) {
    unsigned char a[256], b[256];
    printf("getentropy a: %d\n", getentropy(a, sizeof a));
    printf("getentropy b: %d\n", getentropy(b, sizeof b));
    printf("a != b: %d\n", memcmp(a, b, sizeof a) != 0);
    printf("getentropy(257 bytes) fails: %d\n", getentropy(a, 257) != 0);

    static unsigned char big[65536];
    int seen[256] = {0};
    for (size_t off = 0; off < sizeof big; off += 256) getentropy(big + off, 256);
    for (size_t i = 0; i < sizeof big; i++) seen[big[i]]++;
    int missing = 0, max = 0;
    for (int i = 0; i < 256; i++) {
        if (!seen[i]) missing++;
        if (seen[i] > max) max = seen[i];
    }
    printf("byte values missing: %d, none too common: %d\n", missing, max < 512);

    uint64_t s = 42;
    for (int i = 0; i < 5; i++) {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        printf("xorshift %d: %llu\n", i, (unsigned long long)s);
    }
    return 0;
}
