// A vitest reporter that writes every skipped test with its reason ("no reason given" when it had none) to the
// file named by KEEL_VITEST_SKIPS, one per line, for scripts/test.mjs's summary. Prints nothing itself.
import fs from 'node:fs';
import type { Reporter, TestModule } from 'vitest/node';

export default class SkipReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const out = process.env.KEEL_VITEST_SKIPS;
    if (!out) return;
    const lines: string[] = [];
    for (const m of modules) {
      for (const t of m.children.allTests()) {
        const r = t.result();
        if (r.state === 'skipped') lines.push(`${m.moduleId.replace(process.cwd() + '/', '')} › ${t.fullName} — ${r.note ?? 'no reason given'}`);
      }
    }
    fs.writeFileSync(out, lines.join('\n'));
  }
}
