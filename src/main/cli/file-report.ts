// How the CLI reports files it was given to import (price files, readings files): one block per file, and a
// closing line when one of several was refused, as such an import is all or nothing.

export interface FileResult {
  file: string;
  status: string;
  warnings: readonly { line: number; column?: number; message: string }[];
  error: { message: string } | null;
}

/** Each file's lines: a refused one's error (the core's message names file, line and column), else `body` and its warnings. */
export function formatFileResults<V extends FileResult>(views: readonly V[], body: (v: V) => string[]): string {
  const lines: string[] = [];
  for (const v of views) {
    if (v.status === 'failed') {
      lines.push(`${v.file}: FAILED — nothing written`);
      if (v.error) lines.push(`  error: ${v.error.message}`);
      continue;
    }
    lines.push(...body(v));
    for (const w of v.warnings) lines.push(`  warning${w.line ? ` (line ${w.line}${w.column ? `, column ${w.column}` : ''})` : ''}: ${w.message}`);
  }
  if (views.some((v) => v.status === 'failed') && views.length > 1) lines.push('No file was imported: fix the file named above and run the command again.');
  return lines.join('\n');
}
