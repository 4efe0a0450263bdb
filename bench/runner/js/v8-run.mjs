// Runs a WASI command module in V8 (node), timed, for the benchmark runner.
//
//   node [V8 flags] v8-run.mjs run FILE [ARGS...]
//       compiles, instantiates and runs FILE once; the program's stdout goes
//       to stdout, and the last line on stderr is
//       `@bench {"compile_ns":..,"instantiate_ns":..,"run_ns":..,...}`, wall
//       times and, as `*_cpu_ns`, CPU times.
//   node [V8 flags] v8-run.mjs compile FILE ITERS
//       compiles FILE ITERS times; stderr's last line is
//       `@bench {"compile_ns":[..],"compile_cpu_ns":[..]}`.
//
// The V8 tier is chosen by the flags the runner passes (--liftoff-only or
// --no-liftoff, with --no-wasm-lazy-compilation so compilation is eager and
// is what the compile time measures). The WASI preview 1 shim below is
// ours: it covers what the benchmark programs import (fd_write, args,
// environ, clocks, random, proc_exit, and the fdstat/seek/close calls
// wasi-libc makes on stdout), so nothing experimental is involved.

import fs from 'node:fs';
import crypto from 'node:crypto';

const ESUCCESS = 0;
const EBADF = 8;
const EINVAL = 28;
const ENOSYS = 52;
const ESPIPE = 70;

/** Thrown by proc_exit to unwind out of the Wasm code. */
class ProcExit extends Error {
  constructor(code) {
    super(`proc_exit(${code})`);
    this.code = code;
  }
}

function wasiImports(args, env, getMemory) {
  const enc = new TextEncoder();
  const argBytes = args.map((a) => enc.encode(a + '\0'));
  const envBytes = Object.entries(env).map(([k, v]) => enc.encode(`${k}=${v}\0`));
  const view = () => new DataView(getMemory().buffer);
  const bytes = () => new Uint8Array(getMemory().buffer);

  // Lays out a list of NUL-terminated strings: pointers at `ptrs`, bytes at `buf`.
  function putStrings(list, ptrs, buf) {
    const v = view();
    const b = bytes();
    for (const s of list) {
      v.setUint32(ptrs, buf, true);
      ptrs += 4;
      b.set(s, buf);
      buf += s.length;
    }
    return ESUCCESS;
  }
  function putSizes(list, countPtr, sizePtr) {
    const v = view();
    v.setUint32(countPtr, list.length, true);
    v.setUint32(sizePtr, list.reduce((n, s) => n + s.length, 0), true);
    return ESUCCESS;
  }

  return {
    args_get: (ptrs, buf) => putStrings(argBytes, ptrs, buf),
    args_sizes_get: (countPtr, sizePtr) => putSizes(argBytes, countPtr, sizePtr),
    environ_get: (ptrs, buf) => putStrings(envBytes, ptrs, buf),
    environ_sizes_get: (countPtr, sizePtr) => putSizes(envBytes, countPtr, sizePtr),
    fd_write(fd, iovs, iovsLen, nwrittenPtr) {
      if (fd !== 1 && fd !== 2) return EBADF;
      const v = view();
      const b = bytes();
      let total = 0;
      for (let i = 0; i < iovsLen; i++) {
        const ptr = v.getUint32(iovs + 8 * i, true);
        const len = v.getUint32(iovs + 8 * i + 4, true);
        let off = 0;
        while (off < len) off += fs.writeSync(fd, b, ptr + off, len - off);
        total += len;
      }
      view().setUint32(nwrittenPtr, total, true);
      return ESUCCESS;
    },
    fd_fdstat_get(fd, statPtr) {
      if (fd > 2) return EBADF;
      const v = view();
      // filetype: character device; no flags; all rights.
      v.setUint8(statPtr, 2);
      v.setUint16(statPtr + 2, 0, true);
      v.setBigUint64(statPtr + 8, 0xffffffffn, true);
      v.setBigUint64(statPtr + 16, 0xffffffffn, true);
      return ESUCCESS;
    },
    fd_seek: (fd) => (fd <= 2 ? ESPIPE : EBADF),
    fd_close: (fd) => (fd <= 2 ? ESUCCESS : EBADF),
    clock_time_get(id, _precision, timePtr) {
      let ns;
      if (id === 0) ns = BigInt(Date.now()) * 1000000n;
      else if (id === 1 || id === 2 || id === 3) ns = process.hrtime.bigint();
      else return EINVAL;
      view().setBigUint64(timePtr, ns, true);
      return ESUCCESS;
    },
    clock_res_get(_id, resPtr) {
      view().setBigUint64(resPtr, 1n, true);
      return ESUCCESS;
    },
    random_get(buf, len) {
      crypto.randomFillSync(bytes(), buf, len);
      return ESUCCESS;
    },
    proc_exit(code) {
      throw new ProcExit(code);
    },
    sched_yield: () => ESUCCESS,
  };
}

/** Any other import a module asks for fails politely instead of at link time. */
function withFallback(shim) {
  return new Proxy(shim, {
    get: (target, name) => (name in target ? target[name] : () => ENOSYS),
  });
}

function report(obj) {
  process.stderr.write(`@bench ${JSON.stringify(obj)}\n`);
}

/** `bytes` with a custom section named `bench-nonce` holding `n` appended. */
function withNonce(bytes, n) {
  const name = new TextEncoder().encode('bench-nonce');
  const payload = new TextEncoder().encode(String(n));
  const content = [name.length, ...name, ...payload];
  // Sizes stay below 128, so each LEB128 is one byte.
  return Buffer.concat([bytes, Buffer.from([0, content.length, ...content])]);
}

const [mode, file, ...rest] = process.argv.slice(2);
const WARM_INSTANCES = 20;
const bytes = fs.readFileSync(file);
const now = () => process.hrtime.bigint();
// CPU time (user + system) of the process, in ns. With --single-threaded it
// is the main thread's, as the Rust engines report theirs.
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) * 1000;
};

if (mode === 'compile') {
  const iters = Number(rest[0] ?? 1);
  const times = [];
  const cpuTimes = [];
  for (let i = 0; i < iters; i++) {
    // V8 caches compiled modules by their bytes: a compile of the same bytes
    // again takes microseconds. A custom section that differs each time
    // (ignored by compilation) makes every compile a real one.
    const input = withNonce(bytes, i);
    const c0 = cpu();
    const t0 = now();
    new WebAssembly.Module(input);
    times.push(Number(now() - t0));
    cpuTimes.push(cpu() - c0);
  }
  report({ compile_ns: times, compile_cpu_ns: cpuTimes });
} else if (mode === 'run') {
  const c0 = cpu();
  const t0 = now();
  const module = new WebAssembly.Module(bytes);
  const t1 = now();
  const c1 = cpu();
  let memory;
  const shim = withFallback(wasiImports([file, ...rest], {}, () => memory));
  const imports = {};
  for (const imp of WebAssembly.Module.imports(module)) {
    if (imp.module === 'wasi_snapshot_preview1' || imp.module === 'wasi_unstable') {
      imports[imp.module] = shim;
    }
  }
  const c2 = cpu();
  const t2 = now();
  const instance = new WebAssembly.Instance(module, imports);
  const t3 = now();
  const c3 = cpu();
  memory = instance.exports.memory;
  let code = 0;
  const c4 = cpu();
  const t4 = now();
  try {
    instance.exports._start();
  } catch (e) {
    if (e instanceof ProcExit) code = e.code;
    else throw e;
  }
  const t5 = now();
  const c5 = cpu();
  // Warm instantiations: the same module again, WARM_INSTANCES times, as
  // the Rust engines do (see RunTimes::instantiate_warm_cpu_ns).
  const warmWall = [];
  const warmCpu = [];
  for (let i = 0; i < WARM_INSTANCES; i++) {
    let mem;
    const warmShim = withFallback(wasiImports([file, ...rest], {}, () => mem));
    const warmImports = {};
    for (const name of Object.keys(imports)) warmImports[name] = warmShim;
    const c = cpu();
    const t = now();
    const inst = new WebAssembly.Instance(module, warmImports);
    warmWall.push(Number(now() - t));
    warmCpu.push(cpu() - c);
    mem = inst.exports.memory;
  }
  const median = (v) => v.sort((a, b) => a - b)[Math.floor(v.length / 2)];
  report({
    compile_ns: Number(t1 - t0),
    instantiate_ns: Number(t3 - t2),
    run_ns: Number(t5 - t4),
    compile_cpu_ns: c1 - c0,
    instantiate_cpu_ns: c3 - c2,
    run_cpu_ns: c5 - c4,
    exit_code: code,
    instantiate_warm_ns: median(warmWall),
    instantiate_warm_cpu_ns: median(warmCpu),
  });
  process.exitCode = code;
} else {
  process.stderr.write('usage: v8-run.mjs run FILE [ARGS...] | compile FILE ITERS\n');
  process.exitCode = 2;
}
