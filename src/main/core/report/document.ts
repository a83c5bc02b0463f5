// The trade list as a standalone HTML file (`keel plan --html`, and the page `--pdf` prints): the markup with its
// stylesheet inlined and a Content-Security-Policy that allows no script and no network at all.
import fs from 'node:fs';
import { escapeHtml } from './tradeListHtml.ts';

/** trade-list.css, read next to this module (the CLI runs from the sources). */
export function tradeListCss(): string {
  return fs.readFileSync(new URL('./trade-list.css', import.meta.url), 'utf8');
}

export function standaloneHtml(title: string, body: string, css: string = tradeListCss()): string {
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>\n${css.replace(/<\/style/gi, '<\\/style')}\n</style>`,
    '</head>',
    '<body style="margin:0;background:#fff">',
    body,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
