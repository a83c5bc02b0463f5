// Timing helpers for `npm run bench`: medians of repeated runs, compared as ratios within one run
// (absolute times on shared 2-core machines are noise).
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

export function time(fn: () => unknown, runs: number, warmup = 3): number[] {
  for (let i = 0; i < warmup; i++) fn();
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    fn();
    out.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return out;
}

export function report(name: string, ours: number[], floor: number[], goal: number): void {
  const ratio = median(ours) / median(floor);
  console.log(
    `${name}: ours p50 ${median(ours).toFixed(2)} ms, floor p50 ${median(floor).toFixed(2)} ms, ratio ${ratio.toFixed(2)} (goal ≤ ${goal})${ratio <= goal ? '' : '  ← over goal'}`,
  );
}
