/** A small seeded pseudo-random generator (sfc32): fast, 32-bit, reproducible. */
export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [minIncl, maxIncl]. */
  int(minIncl: number, maxIncl: number): number;
  /** 8 lowercase hex digits. */
  hex32(): string;
}

/** Mixes a seed and a stream index into a well-spread 32-bit value (murmur3 finaliser). */
export function mixSeed(seed: number, index: number): number {
  let h = (Math.imul(seed | 0, 0x9e3779b1) ^ Math.imul(index | 0, 0x85ebca77)) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export function createRandom(seed: number): Random {
  let a = 0x9e3779b9;
  let b = 0x243f6a88;
  let c = 0xb7e15162;
  let d = seed >>> 0;
  const next32 = (): number => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return t >>> 0;
  };
  // The first outputs of sfc32 correlate with the seed; discard a few.
  for (let i = 0; i < 12; i++) next32();
  return {
    next: () => next32() / 4294967296,
    int: (minIncl, maxIncl) =>
      minIncl + Math.floor((next32() / 4294967296) * (maxIncl - minIncl + 1)),
    hex32: () => next32().toString(16).padStart(8, '0'),
  };
}
