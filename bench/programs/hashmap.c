/* hashmap: an open-addressing hash table (linear probing, backward-shift
 * deletion, growth by rehashing) from 64-bit keys to 64-bit values, under
 * a mix of inserts, lookups, updates and deletes. Memory: random access
 * over a table larger than the caches. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

struct entry {
    uint64_t key; /* 0 = empty */
    uint64_t value;
};

struct map {
    struct entry *slots;
    size_t cap; /* a power of two */
    size_t len;
};

static inline uint64_t mix(uint64_t k) {
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdULL;
    k ^= k >> 33;
    k *= 0xc4ceb9fe1a85ec53ULL;
    k ^= k >> 33;
    return k;
}

static void map_init(struct map *m, size_t cap) {
    m->slots = calloc(cap, sizeof(struct entry));
    m->cap = cap;
    m->len = 0;
}

static void map_put(struct map *m, uint64_t key, uint64_t value);

static void grow(struct map *m) {
    struct entry *old = m->slots;
    size_t old_cap = m->cap;
    map_init(m, old_cap * 2);
    for (size_t i = 0; i < old_cap; i++)
        if (old[i].key)
            map_put(m, old[i].key, old[i].value);
    free(old);
}

static void map_put(struct map *m, uint64_t key, uint64_t value) {
    if ((m->len + 1) * 8 > m->cap * 7)
        grow(m);
    size_t mask = m->cap - 1;
    size_t i = mix(key) & mask;
    while (m->slots[i].key && m->slots[i].key != key)
        i = (i + 1) & mask;
    if (!m->slots[i].key)
        m->len++;
    m->slots[i].key = key;
    m->slots[i].value = value;
}

static struct entry *map_get(struct map *m, uint64_t key) {
    size_t mask = m->cap - 1;
    size_t i = mix(key) & mask;
    while (m->slots[i].key) {
        if (m->slots[i].key == key)
            return &m->slots[i];
        i = (i + 1) & mask;
    }
    return NULL;
}

static int map_remove(struct map *m, uint64_t key) {
    size_t mask = m->cap - 1;
    size_t i = mix(key) & mask;
    while (m->slots[i].key && m->slots[i].key != key)
        i = (i + 1) & mask;
    if (!m->slots[i].key)
        return 0;
    /* Backward-shift: move later entries of the cluster into the hole. */
    size_t hole = i;
    for (size_t j = (i + 1) & mask; m->slots[j].key; j = (j + 1) & mask) {
        size_t home = mix(m->slots[j].key) & mask;
        if (((j - home) & mask) >= ((j - hole) & mask)) {
            m->slots[hole] = m->slots[j];
            hole = j;
        }
    }
    m->slots[hole].key = 0;
    m->slots[hole].value = 0;
    m->len--;
    return 1;
}

int main(int argc, char **argv) {
    long ops = argc > 1 ? atol(argv[1]) : 5000000;
    struct map m;
    map_init(&m, 16);
    uint64_t x = 0x2545f4914f6cdd1dULL, sum = 0, found = 0, removed = 0;
    for (long i = 0; i < ops; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        uint64_t key = (x % (ops / 2)) + 1;
        switch (x >> 61) {
        case 0:
        case 1:
        case 2:
            map_put(&m, key, i);
            break;
        case 3:
        case 4:
        case 5: {
            struct entry *e = map_get(&m, key);
            if (e) {
                found++;
                sum += e->value;
                e->value++;
            }
            break;
        }
        default:
            removed += map_remove(&m, key);
        }
    }
    uint64_t h = 0;
    for (size_t i = 0; i < m.cap; i++)
        if (m.slots[i].key)
            h += mix(m.slots[i].key ^ m.slots[i].value);
    printf("%zu %llu %llu %llu %016llx\n", m.len, (unsigned long long)found,
           (unsigned long long)removed, (unsigned long long)sum, (unsigned long long)h);
    free(m.slots);
    return 0;
}
