import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import importX from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import reactRefresh from 'eslint-plugin-react-refresh';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const FEATURES = [
  'alerts',
  'audit',
  'auth',
  'compare',
  'health',
  'job',
  'jobs',
  'replay',
  'timetravel',
];

// Feature folders (bulletproof-react): a feature uses shared code and other features' public
// entry point (index.ts) only; shared code uses no feature; only the app shell composes them.
const boundaries = [
  ...FEATURES.map((feature) => ({
    target: `./src/features/${feature}`,
    from: './src/features',
    except: [
      `./${feature}`,
      ...FEATURES.filter((f) => f !== feature).map((f) => `./${f}/index.ts`),
    ],
    message: 'Import another feature through its index.ts only.',
  })),
  {
    target: './src/shared',
    from: './src/features',
    message: 'Shared code must not use a feature.',
  },
  { target: './src/shared', from: './src/app', message: 'Shared code must not use the app shell.' },
  { target: './src/features', from: './src/app', message: 'Features must not use the app shell.' },
];

export default defineConfig([
  globalIgnores(['dist', 'node', 'node_modules', 'target', 'src/shared/graphql/generated']),
  {
    files: ['src/**/*.{ts,tsx}', '*.ts'],
    extends: [
      js.configs.recommended,
      tseslint.configs.recommended,
      reactHooks.configs.flat['recommended-latest'],
      reactRefresh.configs.vite,
    ],
    plugins: { 'import-x': importX },
    languageOptions: { globals: globals.browser },
    settings: { 'import-x/resolver': { node: { extensions: ['.ts', '.tsx', '.js'] } } },
    rules: {
      'import-x/no-restricted-paths': ['error', { zones: boundaries }],
    },
  },
  {
    files: ['e2e/**/*.mjs', '*.js'],
    extends: [js.configs.recommended],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
  prettier,
]);
