// The linter: ESLint's and typescript-eslint's recommended rules over everything we write.
// `npm run lint` must pass with zero warnings (CI runs it before the tests).
import js from '@eslint/js'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'data/', 'coverage/', 'test/fixtures/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { console: 'readonly', process: 'readonly', URL: 'readonly', performance: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', setImmediate: 'readonly', Buffer: 'readonly', fetch: 'readonly', TextEncoder: 'readonly', TextDecoder: 'readonly', AbortController: 'readonly', structuredClone: 'readonly', queueMicrotask: 'readonly', window: 'readonly', document: 'readonly', customElements: 'readonly', HTMLElement: 'readonly', localStorage: 'readonly', location: 'readonly', history: 'readonly' } },
    rules: {
      // Unused names are dead code; a leading underscore marks one kept on purpose (a signature's place).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
)
