#!/usr/bin/env python3
"""Per-round ratios of one engine's whole run to every other engine's.

    python3 bench/ratios.py bench/out/results.json [ENGINE]

reads a `rustyjit-bench-runner suite` results file and prints, per program
and engine, the median over rounds of ENGINE's whole run (compile +
instantiate + run, wall clock) divided by that engine's in the same round,
and in how many rounds ENGINE was faster. A round runs one program on
every engine back to back, so the ratio within a round is steadier than
either time on a noisy machine. ENGINE defaults to RustyjitTiered (the
names are those of results.json).
"""
import json
import statistics
import sys


def whole(sample):
    return (sample["compile_ns"] + sample["instantiate_ns"] + sample["run_ns"]) / 1e6


def main():
    results = json.load(open(sys.argv[1]))
    me = sys.argv[2] if len(sys.argv) > 2 else "RustyjitTiered"
    cells = {(c["program"], c["engine"]): c for c in results["cells"] if c["status"] == "Ok"}
    programs = sorted({p for p, _ in cells})
    others = sorted({e for _, e in cells if e not in (me, "Native")})
    print(f"{'program':12}" + "".join(f"{e[:18]:>20}" for e in others))
    for p in programs:
        if (p, me) not in cells:
            continue
        mine = [whole(s) for s in cells[(p, me)]["samples"]]
        row = f"{p:12}"
        for e in others:
            if (p, e) not in cells:
                row += f"{'-':>20}"
                continue
            ratios = [a / whole(b) for a, b in zip(mine, cells[(p, e)]["samples"])]
            faster = sum(r < 1 for r in ratios)
            row += f"{statistics.median(ratios):>12.3f} {faster}/{len(ratios):<5}"
        print(row)


if __name__ == "__main__":
    main()
