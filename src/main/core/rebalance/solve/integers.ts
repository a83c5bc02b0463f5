// Exact integer helpers of the solvers (BigInt division rounding toward −∞ / +∞, and the gcd of step values).

export function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return (a % b !== 0n && (a < 0n) !== (b < 0n)) ? q - 1n : q;
}

/** ⌈a / b⌉ for b > 0. */
export const ceilDiv = (a: bigint, b: bigint): bigint => -floorDiv(-a, b);

export function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}
