// A PDF's text, line by line as a reader sees it on the page, read with pdfjs-dist — so tests need nothing
// outside npm (no system PDF tools). Text items on one baseline (within half a point) form a line, left to right; items
// separated by a visible gap are joined with spaces, so table cells stay apart ("IWM  12  $2,977.44").
import fs from 'node:fs';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

interface Item {
  str: string;
  x: number;
  y: number;
  width: number;
}

/** Every page's lines, top to bottom; pages separated by a form feed. */
export async function pdfText(file: string): Promise<string> {
  const data = new Uint8Array(fs.readFileSync(file));
  const doc = await getDocument({ data, useSystemFonts: false }).promise;
  try {
    const pages: string[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
      const items: Item[] = [];
      for (const it of content.items) {
        if (!('str' in it) || it.str === '') continue;
        items.push({ str: it.str, x: it.transform[4] as number, y: it.transform[5] as number, width: it.width });
      }
      pages.push(linesOf(items).join('\n'));
    }
    return pages.join('\n\f');
  } finally {
    await doc.destroy();
  }
}

function linesOf(items: Item[]): string[] {
  const rows: Item[][] = [];
  for (const item of [...items].sort((a, b) => b.y - a.y || a.x - b.x)) {
    const row = rows.at(-1);
    if (row && Math.abs((row[0] as Item).y - item.y) < 0.5) row.push(item);
    else rows.push([item]);
  }
  return rows.map((row) => {
    row.sort((a, b) => a.x - b.x);
    let line = '';
    let end = -Infinity;
    for (const item of row) {
      // A gap wider than about a space between two items is a column break: keep the cells apart.
      if (line !== '' && item.x - end > 1) line += '  ';
      line += item.str;
      end = item.x + item.width;
    }
    return line;
  });
}
