// Lint, and the one rule that keeps the architecture honest: the core (and the web door and CLI, which
// must run without Electron) never import Electron or React; the renderer never imports Node or the core.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const electronOrReact = {
  paths: [
    { name: 'electron', message: 'The core is Electron-free: only src/main/electron and src/main/index.ts may import electron.' },
    { name: 'react', message: 'The core never imports React.' },
    { name: 'react-dom', message: 'The core never imports React.' },
  ],
  patterns: [
    { group: ['electron/*', 'react-dom/*', 'react/*'], message: 'The core is Electron- and React-free.' },
    { group: ['**/electron/**', '**/renderer/**'], message: 'The core does not reach into a door or the renderer.' },
  ],
};

export const boundaryRules = {
  core: { 'no-restricted-imports': ['error', electronOrReact] },
};

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'tests/lint-fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/main/core/**', 'src/main/web/**', 'src/main/cli/**', 'src/shared/**'],
    rules: boundaryRules.core,
  },
  {
    files: ['src/renderer/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*', 'fs', 'path', 'child_process', 'electron'], message: 'The renderer has no Node or Electron: use the contract.' },
            { group: ['**/main/**'], message: 'The renderer talks to the core only through the contract (src/shared).' },
          ],
        },
      ],
    },
  },
  {
    files: ['scripts/**', 'bin/**', '*.config.*', 'bench/**'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', fetch: 'readonly', __dirname: 'readonly' } },
  },
);
