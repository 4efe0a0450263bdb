/* Allocation-heavy work: many blocks of random sizes allocated, written,
 * resized and freed in random order; a linked list and a hash table of
 * 100,000 entries; a growing string. Prints checksums only, so any
 * corruption of the heap or of memory growth shows up as a difference. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint32_t rng = 12345;
static uint32_t next(void) {
    rng = rng * 1103515245u + 12345u;
    return rng >> 8;
}

struct node {
    struct node *next;
    uint32_t value;
    char tag[12];
};

struct entry {
    char *key;
    uint64_t value;
    struct entry *next;
};

static uint64_t hash(const char *s) {
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

int main(void) {
    /* Random blocks. */
    enum { SLOTS = 4096 };
    static unsigned char *blocks[SLOTS];
    static size_t sizes[SLOTS];
    uint64_t sum = 0;
    for (int round = 0; round < 200000; round++) {
        int i = (int)(next() % SLOTS);
        if (blocks[i] && next() % 3 == 0) {
            size_t n = 1 + next() % 5000;
            unsigned char *p = realloc(blocks[i], n);
            if (!p) return 2;
            for (size_t k = sizes[i]; k < n; k++) p[k] = (unsigned char)(k * 7 + (size_t)i);
            blocks[i] = p;
            sizes[i] = n;
        } else if (blocks[i]) {
            for (size_t k = 0; k < sizes[i]; k++) sum += blocks[i][k];
            free(blocks[i]);
            blocks[i] = NULL;
        } else {
            size_t n = 1 + next() % (next() % 16 == 0 ? 200000 : 300);
            blocks[i] = malloc(n);
            if (!blocks[i]) return 3;
            memset(blocks[i], (int)(n & 0xff), n);
            sizes[i] = n;
        }
    }
    for (int i = 0; i < SLOTS; i++) {
        if (blocks[i]) {
            for (size_t k = 0; k < sizes[i]; k++) sum += blocks[i][k];
            free(blocks[i]);
        }
    }
    printf("random blocks checksum: %llu\n", (unsigned long long)sum);

    /* Linked list, reversed and summed. */
    struct node *head = NULL;
    for (uint32_t i = 0; i < 100000; i++) {
        struct node *n = malloc(sizeof *n);
        n->value = i * 2654435761u;
        snprintf(n->tag, sizeof n->tag, "n%u", i % 1000);
        n->next = head;
        head = n;
    }
    struct node *rev = NULL;
    while (head) {
        struct node *n = head->next;
        head->next = rev;
        rev = head;
        head = n;
    }
    uint64_t lsum = 0;
    size_t tags = 0;
    while (rev) {
        struct node *n = rev->next;
        lsum = lsum * 31 + rev->value;
        tags += strlen(rev->tag);
        free(rev);
        rev = n;
    }
    printf("list checksum: %llu, tag bytes: %zu\n", (unsigned long long)lsum, tags);

    /* Hash table with chaining and string keys. */
    enum { BUCKETS = 1 << 14 };
    struct entry **table = calloc(BUCKETS, sizeof *table);
    for (uint64_t i = 0; i < 100000; i++) {
        char key[32];
        snprintf(key, sizeof key, "key-%llu-%llu", (unsigned long long)(i * 7919 % 100003), (unsigned long long)i);
        struct entry *e = malloc(sizeof *e);
        e->key = strdup(key);
        e->value = i * i;
        uint64_t h = hash(key) % BUCKETS;
        e->next = table[h];
        table[h] = e;
    }
    uint64_t found = 0, longest = 0;
    for (uint64_t i = 0; i < 100000; i += 3) {
        char key[32];
        snprintf(key, sizeof key, "key-%llu-%llu", (unsigned long long)(i * 7919 % 100003), (unsigned long long)i);
        for (struct entry *e = table[hash(key) % BUCKETS]; e; e = e->next) {
            if (strcmp(e->key, key) == 0) {
                found += e->value;
                break;
            }
        }
    }
    for (int b = 0; b < BUCKETS; b++) {
        uint64_t len = 0;
        struct entry *e = table[b];
        while (e) {
            struct entry *n = e->next;
            free(e->key);
            free(e);
            e = n;
            len++;
        }
        if (len > longest) longest = len;
    }
    free(table);
    printf("hash lookups: %llu, longest chain: %llu\n", (unsigned long long)found, (unsigned long long)longest);

    /* A string grown by doubling. */
    size_t cap = 1, len = 0;
    char *s = malloc(cap);
    for (int i = 0; i < 300000; i++) {
        char piece[16];
        int n = snprintf(piece, sizeof piece, "%d,", i);
        if (len + (size_t)n + 1 > cap) {
            while (len + (size_t)n + 1 > cap) cap *= 2;
            s = realloc(s, cap);
        }
        memcpy(s + len, piece, (size_t)n + 1);
        len += (size_t)n;
    }
    printf("string length: %zu, capacity: %zu, hash: %llu\n", len, cap, (unsigned long long)hash(s));
    free(s);
    return 0;
}
