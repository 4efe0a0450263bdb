/* lz: a small LZ77 compressor (hash chains, greedy matching, a byte-oriented
 * token format) and its decompressor, round-tripping generated text. Bytes:
 * hashing, match extension loops, unaligned copies, branchy code. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WINDOW_BITS 16
#define WINDOW (1u << WINDOW_BITS)
#define HASH_BITS 15
#define MIN_MATCH 4
#define MAX_MATCH 255 + MIN_MATCH
#define MAX_CHAIN 32

static uint64_t rng = 88172645463325252ULL;
static uint32_t next_rand(void) {
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)(rng >> 32);
}

static const char *words[] = {
    "the", "of", "and", "to", "in", "a", "is", "that", "for", "it", "as", "was", "with",
    "be", "by", "on", "not", "he", "this", "are", "or", "his", "from", "at", "which",
    "but", "have", "an", "had", "they", "you", "were", "their", "one", "all", "we",
    "can", "her", "has", "there", "been", "if", "more", "when", "will", "would", "who",
    "so", "no", "compiler", "register", "function", "memory", "module", "instance",
    "webassembly", "benchmark", "throughput", "allocation", "interpreter"};

static size_t gen_text(uint8_t *out, size_t n) {
    size_t len = 0;
    size_t nwords = sizeof words / sizeof *words;
    while (len + 16 < n) {
        /* Zipf-like: small indices far more often. */
        uint32_t r = next_rand();
        size_t w = (r % nwords) * ((r >> 8) % nwords) / nwords;
        const char *s = words[w];
        size_t l = strlen(s);
        memcpy(out + len, s, l);
        len += l;
        uint32_t p = next_rand() % 20;
        out[len++] = p == 0 ? '.' : p == 1 ? ',' : p == 2 ? '\n' : ' ';
        if (p == 3)
            len += (size_t)sprintf((char *)out + len, "%u ", next_rand() % 1000);
    }
    return len;
}

static inline uint32_t hash4(const uint8_t *p) {
    uint32_t v;
    memcpy(&v, p, 4);
    return (v * 2654435761u) >> (32 - HASH_BITS);
}

/* Token format: a control byte; 0..127 = that many+1 literals follow;
 * 128..255 = match of length (c-128)+MIN_MATCH (extended by one more byte
 * when c == 255), then a 16-bit little-endian distance. */
static size_t compress(const uint8_t *in, size_t n, uint8_t *out, int32_t *head,
                       int32_t *prev) {
    for (size_t i = 0; i < (1u << HASH_BITS); i++)
        head[i] = -1;
    size_t o = 0, i = 0, lit_start = 0;
    while (i + MIN_MATCH <= n) {
        uint32_t h = hash4(in + i);
        int32_t cand = head[h];
        prev[i & (WINDOW - 1)] = cand;
        head[h] = (int32_t)i;
        size_t best_len = 0, best_dist = 0;
        int chain = MAX_CHAIN;
        while (cand >= 0 && i - (size_t)cand < WINDOW && chain--) {
            const uint8_t *a = in + cand, *b = in + i;
            size_t max = n - i < MAX_MATCH ? n - i : MAX_MATCH;
            size_t l = 0;
            while (l < max && a[l] == b[l])
                l++;
            if (l > best_len) {
                best_len = l;
                best_dist = i - (size_t)cand;
                if (l == max)
                    break;
            }
            cand = prev[cand & (WINDOW - 1)];
        }
        if (best_len >= MIN_MATCH) {
            while (lit_start < i) {
                size_t run = i - lit_start < 128 ? i - lit_start : 128;
                out[o++] = (uint8_t)(run - 1);
                memcpy(out + o, in + lit_start, run);
                o += run;
                lit_start += run;
            }
            size_t code = best_len - MIN_MATCH;
            if (code >= 127) {
                out[o++] = 255;
                out[o++] = (uint8_t)(code - 127);
            } else {
                out[o++] = (uint8_t)(128 + code);
            }
            out[o++] = (uint8_t)best_dist;
            out[o++] = (uint8_t)(best_dist >> 8);
            /* Insert the matched positions into the chains. */
            size_t end = i + best_len;
            for (i++; i < end && i + MIN_MATCH <= n; i++) {
                uint32_t hh = hash4(in + i);
                prev[i & (WINDOW - 1)] = head[hh];
                head[hh] = (int32_t)i;
            }
            i = end;
            lit_start = i;
        } else {
            i++;
        }
    }
    while (lit_start < n) {
        size_t run = n - lit_start < 128 ? n - lit_start : 128;
        out[o++] = (uint8_t)(run - 1);
        memcpy(out + o, in + lit_start, run);
        o += run;
        lit_start += run;
    }
    return o;
}

static size_t decompress(const uint8_t *in, size_t n, uint8_t *out) {
    size_t i = 0, o = 0;
    while (i < n) {
        uint8_t c = in[i++];
        if (c < 128) {
            memcpy(out + o, in + i, (size_t)c + 1);
            i += (size_t)c + 1;
            o += (size_t)c + 1;
        } else {
            size_t len = (size_t)(c - 128) + MIN_MATCH;
            if (c == 255)
                len += in[i++];
            size_t dist = in[i] | (size_t)in[i + 1] << 8;
            i += 2;
            /* Byte by byte: matches may overlap their own output. */
            for (size_t k = 0; k < len; k++, o++)
                out[o] = out[o - dist];
        }
    }
    return o;
}

int main(int argc, char **argv) {
    size_t size = argc > 1 ? (size_t)atol(argv[1]) : 6u << 20;
    uint8_t *text = malloc(size + 64);
    uint8_t *packed = malloc(size + size / 64 + 64);
    uint8_t *unpacked = malloc(size + 64);
    int32_t *head = malloc(sizeof(int32_t) << HASH_BITS);
    int32_t *prev = malloc(sizeof(int32_t) * WINDOW);
    size_t n = gen_text(text, size);
    uint64_t check = 0;
    for (int round = 0; round < 2; round++) {
        size_t packed_len = compress(text, n, packed, head, prev);
        size_t unpacked_len = decompress(packed, packed_len, unpacked);
        if (unpacked_len != n || memcmp(text, unpacked, n) != 0) {
            printf("round trip failed\n");
            return 1;
        }
        uint64_t h = 1469598103934665603ULL;
        for (size_t k = 0; k < packed_len; k++)
            h = (h ^ packed[k]) * 1099511628211ULL;
        check = check * 31 + h;
        printf("%zu -> %zu\n", n, packed_len);
        /* Perturb the text a little so the second round differs. */
        for (size_t k = 0; k < n; k += 997)
            text[k] = (uint8_t)('a' + k % 26);
    }
    printf("%016llx\n", (unsigned long long)check);
    return 0;
}
