import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'data/**',
      'web/vendor/**',
      'test-artifacts/**',
      'scratch/**',
      // AssemblyScript (compiled to WebAssembly by `npm run build:kernels`), not TypeScript.
      'src/**/*.as.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
  {
    // The web console: plain ES modules run by the browser.
    files: ['web/**/*.js'],
    languageOptions: {
      globals: Object.fromEntries(
        [
          'window',
          'document',
          'location',
          'sessionStorage',
          'localStorage',
          'fetch',
          'EventSource',
          'CustomEvent',
          'Event',
          'Node',
          'DOMParser',
          'URL',
          'URLSearchParams',
          'Blob',
          'setTimeout',
          'clearTimeout',
          'queueMicrotask',
          'confirm',
          'console',
          'performance',
        ].map((name) => [name, 'readonly']),
      ),
    },
  },
);
