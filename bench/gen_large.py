#!/usr/bin/env python3
"""Generates a large WebAssembly module for measuring compile throughput.

The module has thousands of functions whose bodies look like what clang
emits for C: a shadow-stack prologue and epilogue on a mutable global, locals
of several types, loads and stores at constant offsets from pointers held in
locals, arithmetic expression trees, compares feeding `if` and `br_if`,
counted loops, `br_table` switches, direct and indirect calls. It is never
run, only compiled, so it need not compute anything meaningful, but it is
valid: every engine must accept it. Function sizes are skewed like real
programs: most are small, a few are very large.

    gen_large.py [--mb 24] [--seed 1] [-o build/large.wasm]

Deterministic for a given seed and size. Pure standard library.
"""

import argparse
import os
import random
import struct

I32, I64, F64 = 0x7F, 0x7E, 0x7C

# Signatures (params, results). Index 0 is the entry point's.
SIGS = [
    ((), ()),
    ((I32,), (I32,)),
    ((I32, I32), (I32,)),
    ((I32, I32, I32), ()),
    ((I32, I64), (I64,)),
    ((F64, F64), (F64,)),
    ((I32, F64), (F64,)),
    ((I32, I32, I32, I32), (I32,)),
    ((I32,), ()),
]
SIG_WEIGHTS = [1, 6, 8, 5, 3, 3, 2, 3, 4]

I32_BINOPS = [0x6A, 0x6B, 0x6C, 0x71, 0x72, 0x73, 0x74, 0x75, 0x76]  # add sub mul and or xor shl shr_s shr_u
I32_CMPS = [0x46, 0x47, 0x48, 0x49, 0x4A, 0x4B, 0x4C, 0x4D, 0x4E, 0x4F]
I64_BINOPS = [0x7C, 0x7D, 0x7E, 0x83, 0x84, 0x85, 0x86, 0x88]
I64_CMPS = [0x51, 0x52, 0x53, 0x55, 0x57, 0x59]
F64_BINOPS = [0xA0, 0xA1, 0xA2, 0xA3]
F64_CMPS = [0x61, 0x62, 0x63, 0x64, 0x65, 0x66]


def uleb(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def sleb(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if (n == 0 and not b & 0x40) or (n == -1 and b & 0x40):
            out.append(b)
            return bytes(out)
        out.append(b | 0x80)


def section(sid, payload):
    return bytes([sid]) + uleb(len(payload)) + payload


def vec(items):
    return uleb(len(items)) + b"".join(items)


class FuncGen:
    """Emits one function body; `out` collects the instruction bytes."""

    def __init__(self, rng, sig_index, func_sigs):
        self.rng = rng
        self.params, self.results = SIGS[sig_index]
        # Callees are the functions generated before this one: the call
        # graph is a DAG, as in most programs.
        self.func_sigs = func_sigs
        self.n_funcs = len(func_sigs)
        self.out = bytearray()
        # Locals: params first, then declared ones grouped by type.
        n32, n64, nf = rng.randint(3, 10), rng.randint(0, 3), rng.randint(0, 3)
        self.decls = [(n32, I32), (n64, I64), (nf, F64)]
        self.locals = {I32: [], I64: [], F64: []}
        for i, t in enumerate(self.params):
            self.locals[t].append(i)
        idx = len(self.params)
        for count, t in self.decls:
            for _ in range(count):
                self.locals[t].append(idx)
                idx += 1
        self.frame = self.locals[I32][-1]  # holds the shadow-stack pointer

    def op(self, *bs):
        self.out.extend(bs)

    def local_get(self, t):
        self.out.append(0x20)
        self.out += uleb(self.rng.choice(self.locals[t]))

    def local_set(self, t):
        self.out.append(0x21)
        self.out += uleb(self.rng.choice(self.locals[t]))

    def const(self, t):
        r = self.rng
        if t == I32:
            self.out.append(0x41)
            self.out += sleb(r.choice((0, 1, 2, 4, 8, 16, 255, -1, r.randint(-5000, 5000))))
        elif t == I64:
            self.out.append(0x42)
            self.out += sleb(r.choice((0, 1, 32, r.randint(-(1 << 40), 1 << 40))))
        else:
            self.out.append(0x44)
            self.out += struct.pack("<d", r.choice((0.0, 1.0, 0.5, r.uniform(-100, 100))))

    def load(self, t):
        self.local_get(I32)
        offset = self.rng.choice((0, 4, 8, 12, 16, 24, 32, self.rng.randint(0, 512) * 4))
        if t == I32:
            kind = self.rng.random()
            if kind < 0.7:
                self.out += b"\x28\x02" + uleb(offset)  # i32.load
            elif kind < 0.85:
                self.out += b"\x2d\x00" + uleb(offset)  # i32.load8_u
            else:
                self.out += b"\x2f\x01" + uleb(offset)  # i32.load16_u
        elif t == I64:
            self.out += b"\x29\x03" + uleb(offset)
        else:
            self.out += b"\x2b\x03" + uleb(offset)

    def store(self):
        t = self.rng.choices((I32, I64, F64), (8, 2, 1))[0]
        self.local_get(I32)
        self.expr(t, 2)
        offset = self.rng.choice((0, 4, 8, 16, self.rng.randint(0, 256) * 8))
        if t == I32:
            if self.rng.random() < 0.8:
                self.out += b"\x36\x02" + uleb(offset)
            else:
                self.out += b"\x3a\x00" + uleb(offset)  # i32.store8
        elif t == I64:
            self.out += b"\x37\x03" + uleb(offset)
        else:
            self.out += b"\x39\x03" + uleb(offset)

    def call_args(self, sig):
        for p in SIGS[sig][0]:
            self.expr(p, 1)

    def pick_callee(self, want_result):
        """A function whose result is `want_result` (None: no result)."""
        for _ in range(20 if self.n_funcs else 0):
            f = self.rng.randrange(self.n_funcs)
            res = SIGS[self.func_sigs[f]][1]
            if (res[0] if res else None) == want_result:
                return f
        return None

    def condition(self):
        r = self.rng.random()
        if r < 0.6:
            self.expr(I32, 1)
            self.expr(I32, 1)
            self.out.append(self.rng.choice(I32_CMPS))
        elif r < 0.75:
            self.expr(I32, 2)
            self.out.append(0x45)  # i32.eqz
        elif r < 0.88 and self.locals[I64]:
            self.expr(I64, 1)
            self.expr(I64, 1)
            self.out.append(self.rng.choice(I64_CMPS))
        elif self.locals[F64]:
            self.expr(F64, 1)
            self.expr(F64, 1)
            self.out.append(self.rng.choice(F64_CMPS))
        else:
            self.expr(I32, 1)

    def expr(self, t, depth):
        """Pushes one value of type `t`."""
        r = self.rng.random()
        if depth <= 0 or r < 0.3:
            if self.locals[t] and self.rng.random() < 0.7:
                self.local_get(t)
            else:
                self.const(t)
            return
        if t == I32:
            if r < 0.65:
                self.expr(I32, depth - 1)
                self.expr(I32, depth - 1)
                self.out.append(self.rng.choice(I32_BINOPS))
            elif r < 0.78:
                self.load(I32)
            elif r < 0.84:
                self.condition()
            elif r < 0.88:
                self.expr(I32, depth - 1)
                self.out.append(0x22)  # local.tee
                self.out += uleb(self.rng.choice(self.locals[I32]))
            elif r < 0.91 and self.locals[I64]:
                self.expr(I64, depth - 1)
                self.out.append(0xA7)  # i32.wrap_i64
            elif r < 0.94:
                self.expr(I32, depth - 1)
                self.expr(I32, depth - 1)
                self.condition()
                self.out.append(0x1B)  # select
            else:
                f = self.pick_callee(I32)
                if f is None:
                    self.const(I32)
                else:
                    self.call_args(self.func_sigs[f])
                    self.out.append(0x10)
                    self.out += uleb(f)
        elif t == I64:
            if r < 0.7:
                self.expr(I64, depth - 1)
                self.expr(I64, depth - 1)
                self.out.append(self.rng.choice(I64_BINOPS))
            elif r < 0.85:
                self.load(I64)
            else:
                self.expr(I32, depth - 1)
                self.out.append(self.rng.choice((0xAC, 0xAD)))  # extend_i32_s/u
        else:
            if r < 0.7:
                self.expr(F64, depth - 1)
                self.expr(F64, depth - 1)
                self.out.append(self.rng.choice(F64_BINOPS))
            elif r < 0.8:
                self.load(F64)
            elif r < 0.9:
                self.expr(I32, depth - 1)
                self.out.append(0xB7)  # f64.convert_i32_s
            else:
                self.expr(F64, depth - 1)
                self.out.append(0x9F)  # f64.sqrt

    def stmt(self, budget, nest):
        """Emits statements worth about `budget` units; returns the units used."""
        r = self.rng.random()
        if nest > 4 or budget < 4:
            r = r * 0.55
        if r < 0.25:
            t = self.rng.choices((I32, I64, F64), (8, 2, 1))[0]
            if not self.locals[t]:
                t = I32
            self.expr(t, 3)
            self.local_set(t)
            return 1
        if r < 0.42:
            self.store()
            return 1
        if r < 0.5:
            f = self.pick_callee(None)
            if f is None:
                return 0
            self.call_args(self.func_sigs[f])
            self.out.append(0x10)
            self.out += uleb(f)
            return 1
        if r < 0.55:
            sig = self.rng.choice((1, 2, 3, 7, 8))
            self.call_args(sig)
            self.expr(I32, 1)
            self.out += b"\x11" + uleb(sig) + b"\x00"
            if SIGS[sig][1]:
                self.local_set(SIGS[sig][1][0])
            return 1
        inner = max(1, budget // self.rng.randint(2, 4))
        if r < 0.7:
            self.condition()
            self.out += b"\x04\x40"  # if (empty)
            used = self.block(inner, nest + 1)
            if self.rng.random() < 0.5:
                self.out.append(0x05)  # else
                used += self.block(inner // 2 + 1, nest + 1)
            self.out.append(0x0B)
            return used + 1
        if r < 0.85:
            # for (i = 0; i < n; i++) { body }
            i = self.rng.choice(self.locals[I32])
            self.out += b"\x41\x00\x21" + uleb(i)
            self.out += b"\x02\x40\x03\x40"  # block loop
            used = self.block(inner, nest + 2)
            self.out += b"\x20" + uleb(i) + b"\x41\x01\x6a\x22" + uleb(i)
            self.local_get(I32)
            self.out += b"\x48\x0d\x00"  # i32.lt_s br_if 0 (the loop)
            self.out += b"\x0b\x0b"
            return used + 2
        if r < 0.93:
            # block { ...; br_if 0 (early exit); ... }
            self.out += b"\x02\x40"
            used = self.block(inner // 2 + 1, nest + 1)
            self.condition()
            self.out += b"\x0d\x00"
            used += self.block(inner // 2 + 1, nest + 1)
            self.out.append(0x0B)
            return used + 1
        # switch with k cases through br_table
        k = self.rng.randint(3, 8)
        self.out += b"\x02\x40" * (k + 1)
        self.expr(I32, 1)
        targets = [uleb(self.rng.randrange(k)) for _ in range(self.rng.randint(k, 2 * k))]
        self.out += b"\x0e" + vec(targets) + uleb(k - 1)
        used = 0
        for case in range(k):
            self.out.append(0x0B)  # end of this case's block: its code follows
            used += self.block(max(1, inner // k), nest + k - case)
            self.out += b"\x0c" + uleb(k - case - 1)  # br to the exit block
        self.out.append(0x0B)
        return used + k

    def block(self, budget, nest):
        used = 0
        while used < budget:
            used += max(1, self.stmt(budget - used, nest))
        return used

    def body(self, budget):
        # Shadow-stack prologue as clang emits it.
        self.out += b"\x23\x00\x41" + sleb(self.rng.choice((16, 32, 48, 64, 128)))
        self.out += b"\x6b\x22" + uleb(self.frame) + b"\x24\x00"
        self.block(budget, 0)
        self.out += b"\x20" + uleb(self.frame) + b"\x41\x10\x6a\x24\x00"
        for t in self.results:
            self.expr(t, 3)
        self.out.append(0x0B)
        decls = vec([uleb(n) + bytes([t]) for n, t in self.decls])
        return decls + bytes(self.out)


def generate(target_bytes, seed):
    rng = random.Random(seed)
    func_sigs = []
    bodies = []
    total = 0
    while total < target_bytes:
        sig = 0 if not func_sigs else rng.choices(range(len(SIGS)), SIG_WEIGHTS)[0]
        # Log-normal statement budgets: median ~60, a long tail to thousands.
        budget = int(min(6000, max(2, rng.lognormvariate(4.1, 1.1))))
        body = FuncGen(rng, sig, func_sigs).body(budget)
        func_sigs.append(sig)
        bodies.append(uleb(len(body)) + body)
        total += len(bodies[-1])
    n_funcs = len(func_sigs)

    types = vec([b"\x60" + vec([bytes([p]) for p in ps]) + vec([bytes([r]) for r in rs])
                 for ps, rs in SIGS])
    funcs = vec([uleb(s) for s in func_sigs])
    table = vec([b"\x70\x00" + uleb(n_funcs)])
    memory = vec([b"\x00" + uleb(32)])
    globals_ = vec([b"\x7f\x01\x41" + sleb(65536) + b"\x0b"])
    exports = vec([uleb(6) + b"memory" + b"\x02\x00", uleb(5) + b"entry" + b"\x00\x00"])
    elems = vec([b"\x00\x41\x00\x0b" + vec([uleb(f) for f in range(n_funcs)])])
    code = vec(bodies)
    names = vec([uleb(f) + uleb(len(n)) + n for f in range(n_funcs)
                 for n in [f"gen_func_{f}".encode()]])
    name_section = uleb(4) + b"name" + b"\x01" + uleb(len(names)) + names
    return (b"\x00asm\x01\x00\x00\x00" + section(1, types) + section(3, funcs)
            + section(4, table) + section(5, memory) + section(6, globals_)
            + section(7, exports) + section(9, elems) + section(10, code)
            + section(0, name_section))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--mb", type=float, default=24.0, help="approximate size in MB")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("-o", "--output",
                    default=os.path.join(os.path.dirname(__file__), "build", "large.wasm"))
    args = ap.parse_args()
    data = generate(int(args.mb * 1e6), args.seed)
    os.makedirs(os.path.dirname(os.path.abspath(args.output)), exist_ok=True)
    with open(args.output, "wb") as f:
        f.write(data)
    print(f"{args.output}: {len(data) / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
