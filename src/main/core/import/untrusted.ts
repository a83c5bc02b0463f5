// Characters that must not reach what Keel stores or prints: C0 and C1 control characters (an ESC in a name
// clears a terminal) and the invisible text-direction controls (U+202E makes "Roth\u202EARI" display as
// "RothIRA"). Newlines inside a quoted cell are kept; a tab becomes a space.
import type { ParseResult, Warning } from './types.ts';

// C0 but \n, DEL, C1; the Arabic letter mark, LRM/RLM, the embeddings and overrides, the isolates.
// eslint-disable-next-line no-control-regex
export const UNSAFE_TEXT = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** True for the text-direction characters among UNSAFE_TEXT (the rest are control characters). */
function isDirection(c: string): boolean {
  return c >= '\u0600';
}

/** `text` without UNSAFE_TEXT characters (tabs become spaces), and what was removed (tabs not counted). */
export function removeUnsafe(text: string): { text: string; removed: string } {
  let removed = '';
  const out = text.replace(UNSAFE_TEXT, (c) => {
    if (c === '\t') return ' ';
    removed += c;
    return '';
  });
  return { text: out, removed };
}

/** `U+001B`, the way Unicode names a code point. */
export function codePoint(c: string): string {
  return `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** "removed 1 control character (U+001B) from line 5, column 2"; direction characters are named as such. */
export function cleanedMessage(line: number, column: number, removed: string): string {
  const chars = [...removed];
  const part = (list: string[], what: string): string | null => {
    if (list.length === 0) return null;
    const codes = [...new Set(list.map(codePoint))].join(', ');
    return `${list.length} ${what}${list.length === 1 ? '' : 's'} (${codes})`;
  };
  const parts = [part(chars.filter((c) => !isDirection(c)), 'control character'), part(chars.filter(isDirection), 'text-direction character')];
  return `removed ${parts.filter(Boolean).join(' and ')} from line ${line}, column ${column}`;
}

/** At most this many cells are named one by one; the rest are counted. */
const MAX_NAMED = 20;

/** Collects the warnings for cleaned cells: the first 20 one by one, then a count. */
export class CleanedCells {
  private count = 0;
  readonly warnings: Warning[] = [];

  readonly onCleaned = (line: number, column: number, removed: string): void => {
    if (this.count++ < MAX_NAMED) this.warnings.push({ line, column, message: cleanedMessage(line, column, removed) });
  };

  /** The warnings, with the count of the cells not named. */
  all(): Warning[] {
    const rest = this.count - MAX_NAMED;
    if (rest <= 0) return this.warnings;
    return [...this.warnings, { line: 0, message: `control or text-direction characters were removed from ${rest} more cell${rest === 1 ? '' : 's'}` }];
  }
}

/** The result with the warnings about cleaned cells added, in line order. */
export function withCleaned(result: ParseResult, cleaned: CleanedCells): ParseResult {
  const extra = cleaned.all();
  if (extra.length === 0) return result;
  return { ...result, warnings: [...result.warnings, ...extra].sort((x, y) => x.line - y.line) };
}
