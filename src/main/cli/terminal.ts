// Everything the CLI prints goes through terminalSafe: a name in the database (from an older import, a dataset
// someone mailed, a file name) must not move the cursor, clear the screen, set the window title or reorder
// text. Control and text-direction characters are shown as `\u001B`; newlines, CRLF line ends and tabs stay.
// In JSON output such a `\uXXXX` sits inside a string, where it is the JSON escape of the very same character.
import { UNSAFE_TEXT } from '../core/import/untrusted.ts';

export function terminalSafe(text: string): string {
  // A tab, and the CR of a CRLF (the CSV output's line ends; the line's own LF follows its end), are harmless;
  // any other CR would rewrite the line.
  const crlf = (at: number): boolean => at + 1 === text.length || text.charCodeAt(at + 1) === 10;
  return text.replace(UNSAFE_TEXT, (c, at: number) =>
    c === '\t' || (c === '\r' && crlf(at)) ? c : `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`,
  );
}

/** The same io, every line made terminalSafe. */
export function safeIo<T extends { out: (line: string) => void; err: (line: string) => void }>(io: T): T {
  return { ...io, out: (line) => io.out(terminalSafe(line)), err: (line) => io.err(terminalSafe(line)) };
}
