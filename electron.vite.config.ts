import fs from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import react from '@vitejs/plugin-react';

const FILE_PLACEHOLDER = /__KEEL_FILE_([\w$]+)__/g;

/**
 * A file the main process reads beside its module, `new URL('./name.css', import.meta.url)` (the trade list's
 * stylesheet, which `keel plan --html` inlines), is emitted with the bundle and the URL points at that copy
 * relative to whichever chunk the module lands in.
 */
function filesBesideModules(): Plugin {
  return {
    name: 'keel-files-beside-modules',
    transform(code, id) {
      if (!id.endsWith('.ts') || !code.includes('import.meta.url')) return null;
      const out = code.replace(/new URL\((['"])\.\/([\w.-]+\.(?:css|json|txt))\1, import\.meta\.url\)/g, (_match, _quote, name: string) => {
        const file = resolve(dirname(id), name);
        this.addWatchFile(file);
        const ref = this.emitFile({ type: 'asset', name: basename(file), source: fs.readFileSync(file) });
        return `new URL(__KEEL_FILE_${ref}__, import.meta.url)`;
      });
      return out === code ? null : { code: out, map: null };
    },
    renderChunk(code, chunk) {
      if (!code.includes('__KEEL_FILE_')) return null;
      return code.replace(FILE_PLACEHOLDER, (_match, ref: string) => {
        const target = relative(dirname(chunk.fileName), this.getFileName(ref)).split(sep).join('/');
        return JSON.stringify(target.startsWith('.') ? target : `./${target}`);
      });
    },
  };
}

/**
 * bin/keel.mjs runs out/main/cli.js only while no file under src/ is newer (scripts/cli-bundle.mjs). Its mtime is
 * set back to when this build began reading the sources, so a source saved during the build still counts as newer.
 */
function cliStampedWithBuildStart(): Plugin {
  let started = Date.now();
  return {
    name: 'keel-cli-build-stamp',
    buildStart() {
      started = Date.now();
    },
    writeBundle(options) {
      const cli = join(options.dir ?? resolve(__dirname, 'out/main'), 'cli.js');
      if (fs.existsSync(cli)) fs.utimesSync(cli, new Date(started), new Date(started));
    },
  };
}

export default defineConfig({
  main: {
    plugins: [filesBesideModules(), cliStampedWithBuildStart()],
    build: {
      // better-sqlite3 is native and stays in node_modules; everything else is bundled (zod too: imported from
      // node_modules, its hundred-odd files would take most of `keel info`'s start-up).
      externalizeDeps: false,
      // The Electron app and the `keel` CLI (bin/keel.mjs) are two entries of one build, sharing the core's chunks.
      rolldownOptions: {
        input: { index: resolve(__dirname, 'src/main/index.ts'), cli: resolve(__dirname, 'src/main/cli/main.ts') },
        external: ['better-sqlite3'],
      },
    },
  },
  preload: {
    // One self-contained CommonJS file, so the renderer can stay sandboxed.
    build: {
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve(__dirname, 'src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    plugins: [react()],
    build: {
      minify: true,
      rolldownOptions: { input: { index: resolve(__dirname, 'src/renderer/index.html') } },
    },
  },
});
