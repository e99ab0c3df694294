// ESLint flat config. shared/ must stay platform-free: no DOM globals, no node: or platform imports.
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import globals from 'globals'

const PLATFORM_IMPORTS = ['node:*', 'fs', 'fs/*', 'path', 'os', 'crypto', 'http', 'https', 'net', 'ws', 'idb', 'svelte', 'svelte/*', 'comlink', 'classic-level', 'datastore-level']
const PLATFORM_GLOBALS = ['window', 'document', 'navigator', 'localStorage', 'sessionStorage', 'indexedDB', 'location', 'self', 'Buffer', 'process', 'require', '__dirname', '__filename']

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'test-results/**', 'playwright-report/**', 'contracts/artifacts/**', 'contracts/cache/**', 'contracts/types/**', '**/*.svelte', 'shared/protocol/messages.ts', 'shared/protocol/fl.ts', '.vain/**', '.gpu-pack/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error'
    }
  },
  {
    files: ['shared/**/*.ts'],
    ignores: ['shared/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: PLATFORM_IMPORTS.map(group => ({ group: [group], message: 'shared/ is pure: inject the platform instead' })) }],
      'no-restricted-globals': ['error', ...PLATFORM_GLOBALS.map(name => ({ name, message: 'shared/ is pure: no DOM or Node globals' }))],
      'no-console': 'error'
    }
  }
)
