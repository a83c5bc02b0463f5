// A symbol as the broker's statement means it, without the marks its export adds: Fidelity flags its core cash
// fund `SPAXX**` / `USD***`, E*TRADE exports have carried a BOM and zero-width spaces inside the symbol cell.
// The sink cleans every position's symbol once (keeping the raw text beside it), so the preview, the JSON and the
// database all hold the same `SPAXX`.

const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF]/g;

export function cleanSymbol(raw: string): string {
  return raw.replace(INVISIBLE, '').trim().replace(/\*+$/, '').trim();
}
