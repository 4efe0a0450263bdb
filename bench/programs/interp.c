/* interp: a stack-based bytecode virtual machine dispatched by one large
 * switch (compiled to a jump table, `br_table` in Wasm), running three
 * guest programs: trial-division prime counting, Collatz sequence lengths
 * and a bubble sort over the VM's own memory. Control flow: indirect
 * branches, unpredictable dispatch, small basic blocks. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum op {
    OP_HALT, OP_PUSH, OP_POP, OP_DUP, OP_SWAP, OP_OVER, OP_ROT,
    OP_LOAD, OP_STORE, OP_INC, OP_DEC,
    OP_ADD, OP_SUB, OP_MUL, OP_DIV, OP_MOD, OP_NEG,
    OP_AND, OP_OR, OP_XOR, OP_SHL, OP_SHR, OP_NOT,
    OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE,
    OP_JMP, OP_JZ, OP_JNZ,
    OP_MLOAD, OP_MSTORE,
    OP_CALL, OP_RET,
    OP_ADDI, OP_MULI, OP_LTI, OP_EQI,
    OP_HASH, OP_NOP, OP_MIN, OP_MAX, OP_ABS, OP_SQR,
    OP_COUNT
};

struct vm {
    int64_t stack[256];
    int64_t locals[16];
    int64_t mem[4096];
    int32_t rstack[64];
    uint64_t hash;
};

static int64_t run(struct vm *vm, const int32_t *code) {
    int64_t *sp = vm->stack;
    int32_t *rsp = vm->rstack;
    int pc = 0;
    for (;;) {
        int32_t op = code[pc++];
        switch (op) {
        case OP_HALT: return sp > vm->stack ? sp[-1] : 0;
        case OP_PUSH: *sp++ = code[pc++]; break;
        case OP_POP: sp--; break;
        case OP_DUP: sp[0] = sp[-1]; sp++; break;
        case OP_SWAP: { int64_t t = sp[-1]; sp[-1] = sp[-2]; sp[-2] = t; break; }
        case OP_OVER: sp[0] = sp[-2]; sp++; break;
        case OP_ROT: { int64_t t = sp[-3]; sp[-3] = sp[-2]; sp[-2] = sp[-1]; sp[-1] = t; break; }
        case OP_LOAD: *sp++ = vm->locals[code[pc++]]; break;
        case OP_STORE: vm->locals[code[pc++]] = *--sp; break;
        case OP_INC: vm->locals[code[pc++]]++; break;
        case OP_DEC: vm->locals[code[pc++]]--; break;
        case OP_ADD: sp--; sp[-1] += sp[0]; break;
        case OP_SUB: sp--; sp[-1] -= sp[0]; break;
        case OP_MUL: sp--; sp[-1] *= sp[0]; break;
        case OP_DIV: sp--; sp[-1] = sp[0] ? sp[-1] / sp[0] : 0; break;
        case OP_MOD: sp--; sp[-1] = sp[0] ? sp[-1] % sp[0] : 0; break;
        case OP_NEG: sp[-1] = -sp[-1]; break;
        case OP_AND: sp--; sp[-1] &= sp[0]; break;
        case OP_OR: sp--; sp[-1] |= sp[0]; break;
        case OP_XOR: sp--; sp[-1] ^= sp[0]; break;
        case OP_SHL: sp--; sp[-1] = (int64_t)((uint64_t)sp[-1] << (sp[0] & 63)); break;
        case OP_SHR: sp--; sp[-1] = (int64_t)((uint64_t)sp[-1] >> (sp[0] & 63)); break;
        case OP_NOT: sp[-1] = !sp[-1]; break;
        case OP_EQ: sp--; sp[-1] = sp[-1] == sp[0]; break;
        case OP_NE: sp--; sp[-1] = sp[-1] != sp[0]; break;
        case OP_LT: sp--; sp[-1] = sp[-1] < sp[0]; break;
        case OP_LE: sp--; sp[-1] = sp[-1] <= sp[0]; break;
        case OP_GT: sp--; sp[-1] = sp[-1] > sp[0]; break;
        case OP_GE: sp--; sp[-1] = sp[-1] >= sp[0]; break;
        case OP_JMP: pc = code[pc]; break;
        case OP_JZ: pc = *--sp ? pc + 1 : code[pc]; break;
        case OP_JNZ: pc = *--sp ? code[pc] : pc + 1; break;
        case OP_MLOAD: sp[-1] = vm->mem[sp[-1] & 4095]; break;
        case OP_MSTORE: sp -= 2; vm->mem[sp[1] & 4095] = sp[0]; break;
        case OP_CALL: *rsp++ = pc + 1; pc = code[pc]; break;
        case OP_RET: pc = *--rsp; break;
        case OP_ADDI: sp[-1] += code[pc++]; break;
        case OP_MULI: sp[-1] *= code[pc++]; break;
        case OP_LTI: sp[-1] = sp[-1] < code[pc++]; break;
        case OP_EQI: sp[-1] = sp[-1] == code[pc++]; break;
        case OP_HASH: vm->hash = (vm->hash ^ (uint64_t)*--sp) * 1099511628211ULL; break;
        case OP_NOP: break;
        case OP_MIN: sp--; if (sp[0] < sp[-1]) sp[-1] = sp[0]; break;
        case OP_MAX: sp--; if (sp[0] > sp[-1]) sp[-1] = sp[0]; break;
        case OP_ABS: if (sp[-1] < 0) sp[-1] = -sp[-1]; break;
        case OP_SQR: sp[-1] *= sp[-1]; break;
        default: printf("bad opcode %d at %d\n", op, pc - 1); exit(1);
        }
    }
}

/* A tiny assembler: emit words, define labels, patch forward references. */
struct asm_ {
    int32_t code[1024];
    int len;
    int labels[64];
    int fixups[128][2]; /* (code position, label) */
    int nfix;
};

static void emit(struct asm_ *a, int32_t w) { a->code[a->len++] = w; }
static void emit2(struct asm_ *a, int32_t op, int32_t arg) { emit(a, op); emit(a, arg); }
static void label(struct asm_ *a, int l) { a->labels[l] = a->len; }
static void jump(struct asm_ *a, int32_t op, int l) {
    emit(a, op);
    a->fixups[a->nfix][0] = a->len;
    a->fixups[a->nfix][1] = l;
    a->nfix++;
    emit(a, 0);
}
static void link(struct asm_ *a) {
    for (int i = 0; i < a->nfix; i++)
        a->code[a->fixups[i][0]] = a->labels[a->fixups[i][1]];
}

enum { N = 0, I = 1, J = 2, COUNT = 3, X = 4, STEPS = 5, K = 6 };

/* count = number of primes in [2, n) by trial division up to sqrt. */
static void prog_primes(struct asm_ *a, int n) {
    emit2(a, OP_PUSH, n); emit2(a, OP_STORE, N);
    emit2(a, OP_PUSH, 0); emit2(a, OP_STORE, COUNT);
    emit2(a, OP_PUSH, 2); emit2(a, OP_STORE, I);
    label(a, 0); /* outer: while i < n */
    emit2(a, OP_LOAD, I); emit2(a, OP_LOAD, N); emit(a, OP_LT); jump(a, OP_JZ, 1);
    emit2(a, OP_PUSH, 2); emit2(a, OP_STORE, J);
    label(a, 2); /* inner: while j*j <= i */
    emit2(a, OP_LOAD, J); emit(a, OP_SQR); emit2(a, OP_LOAD, I); emit(a, OP_LE); jump(a, OP_JZ, 3);
    emit2(a, OP_LOAD, I); emit2(a, OP_LOAD, J); emit(a, OP_MOD); jump(a, OP_JZ, 4);
    emit2(a, OP_INC, J); jump(a, OP_JMP, 2);
    label(a, 3); /* prime */
    emit2(a, OP_INC, COUNT); emit2(a, OP_LOAD, I); emit(a, OP_HASH);
    label(a, 4); /* next i */
    emit2(a, OP_INC, I); jump(a, OP_JMP, 0);
    label(a, 1);
    emit2(a, OP_LOAD, COUNT); emit(a, OP_HALT);
    link(a);
}

/* Sum of Collatz sequence lengths for 1..n, with a subroutine per step. */
static void prog_collatz(struct asm_ *a, int n) {
    emit2(a, OP_PUSH, 0); emit2(a, OP_STORE, COUNT);
    emit2(a, OP_PUSH, 1); emit2(a, OP_STORE, I);
    label(a, 0);
    emit2(a, OP_LOAD, I); emit2(a, OP_LTI, n + 1); jump(a, OP_JZ, 1);
    emit2(a, OP_LOAD, I); emit2(a, OP_STORE, X);
    label(a, 2); /* while x != 1 */
    emit2(a, OP_LOAD, X); emit2(a, OP_EQI, 1); jump(a, OP_JNZ, 3);
    jump(a, OP_CALL, 5);
    emit2(a, OP_INC, COUNT); jump(a, OP_JMP, 2);
    label(a, 3);
    emit2(a, OP_LOAD, COUNT); emit2(a, OP_PUSH, 255); emit(a, OP_AND); emit(a, OP_HASH);
    emit2(a, OP_INC, I); jump(a, OP_JMP, 0);
    label(a, 1);
    emit2(a, OP_LOAD, COUNT); emit(a, OP_HALT);
    label(a, 5); /* step: x = x odd ? 3x+1 : x/2 */
    emit2(a, OP_LOAD, X); emit(a, OP_DUP); emit2(a, OP_PUSH, 1); emit(a, OP_AND); jump(a, OP_JZ, 6);
    emit2(a, OP_MULI, 3); emit2(a, OP_ADDI, 1); emit2(a, OP_STORE, X); emit(a, OP_RET);
    label(a, 6);
    emit2(a, OP_PUSH, 1); emit(a, OP_SHR); emit2(a, OP_STORE, X); emit(a, OP_RET);
    link(a);
}

/* Fill VM memory with pseudo-random words, bubble sort the first n. */
static void prog_bubble(struct asm_ *a, int n) {
    emit2(a, OP_PUSH, 12345); emit2(a, OP_STORE, X);
    emit2(a, OP_PUSH, 0); emit2(a, OP_STORE, I);
    label(a, 0); /* fill */
    emit2(a, OP_LOAD, I); emit2(a, OP_LTI, n); jump(a, OP_JZ, 1);
    emit2(a, OP_LOAD, X); emit2(a, OP_MULI, 1103515245); emit2(a, OP_ADDI, 12345);
    emit2(a, OP_PUSH, 0x7fffffff); emit(a, OP_AND); emit(a, OP_DUP); emit2(a, OP_STORE, X);
    emit2(a, OP_LOAD, I); emit(a, OP_MSTORE);
    emit2(a, OP_INC, I); jump(a, OP_JMP, 0);
    label(a, 1);
    emit2(a, OP_PUSH, n - 1); emit2(a, OP_STORE, K);
    label(a, 2); /* for k = n-1 down to 1 */
    emit2(a, OP_LOAD, K); jump(a, OP_JZ, 3);
    emit2(a, OP_PUSH, 0); emit2(a, OP_STORE, J);
    label(a, 4); /* for j < k */
    emit2(a, OP_LOAD, J); emit2(a, OP_LOAD, K); emit(a, OP_LT); jump(a, OP_JZ, 5);
    emit2(a, OP_LOAD, J); emit(a, OP_MLOAD);
    emit2(a, OP_LOAD, J); emit2(a, OP_ADDI, 1); emit(a, OP_MLOAD);
    emit(a, OP_OVER); emit(a, OP_OVER); emit(a, OP_GT); jump(a, OP_JZ, 6);
    /* swap: stack a b -> store a at j+1, b at j */
    emit2(a, OP_LOAD, J); emit(a, OP_MSTORE);
    emit2(a, OP_LOAD, J); emit2(a, OP_ADDI, 1); emit(a, OP_MSTORE);
    jump(a, OP_JMP, 7);
    label(a, 6);
    emit(a, OP_POP); emit(a, OP_POP);
    label(a, 7);
    emit2(a, OP_INC, J); jump(a, OP_JMP, 4);
    label(a, 5);
    emit2(a, OP_DEC, K); jump(a, OP_JMP, 2);
    label(a, 3);
    emit2(a, OP_PUSH, 0); emit2(a, OP_STORE, I);
    label(a, 8); /* hash the sorted words */
    emit2(a, OP_LOAD, I); emit2(a, OP_LTI, n); jump(a, OP_JZ, 9);
    emit2(a, OP_LOAD, I); emit(a, OP_MLOAD); emit(a, OP_HASH);
    emit2(a, OP_INC, I); jump(a, OP_JMP, 8);
    label(a, 9);
    emit2(a, OP_PUSH, 0); emit(a, OP_MLOAD); emit(a, OP_HALT);
    link(a);
}

int main(int argc, char **argv) {
    int scale = argc > 1 ? atoi(argv[1]) : 5;
    struct vm *vm = calloc(1, sizeof *vm);
    vm->hash = 1469598103934665603ULL;
    struct asm_ *a = calloc(1, sizeof *a);
    prog_primes(a, 30000 * scale);
    int64_t primes = run(vm, a->code);
    memset(a, 0, sizeof *a);
    prog_collatz(a, 20000 * scale);
    int64_t collatz = run(vm, a->code);
    memset(a, 0, sizeof *a);
    prog_bubble(a, 4000);
    int64_t smallest = 0;
    for (int r = 0; r < scale / 5; r++)
        smallest += run(vm, a->code);
    printf("%lld %lld %lld %016llx\n", (long long)primes, (long long)collatz,
           (long long)smallest, (unsigned long long)vm->hash);
    free(vm);
    free(a);
    return 0;
}
