// Lint runs with --max-warnings 0 as part of `npm test`.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * DESIGN.md's layer arrows as import rules (production code only: tests may reach across layers to
 * set things up). scripts/lint-layers.test.ts proves each rule catches a layer-breaking import.
 */
const layer = (files, patterns, ignores = []) => ({
  files,
  ignores: ['**/*.test.ts', '**/testing/**', ...ignores],
  rules: { 'no-restricted-imports': ['error', { patterns }] },
});

export const layerRules = [
  // The framework knows neither protobuf nor PAPI nor secret stores: it imports nothing outside itself.
  layer(['src/provider/framework/**/*.ts'], [{ regex: '^\\.\\./', message: 'src/provider/framework imports nothing outside itself (DESIGN.md layers): no PAPI, secret stores, protocol or resources.' }]),
  // The protocol layer talks to the framework through its contract only.
  layer(['src/provider/protocol/**/*.ts'], [
    { regex: '(^|/)(papi|secrets|resources|simulator|constructs)(/|$)', message: 'src/provider/protocol knows protobuf and the framework contract only (DESIGN.md layers).' },
    { regex: '(^|/)framework/(?!(contract|signals)$)', message: 'src/provider/protocol uses the framework through framework/contract (and signals) only.' },
  ]),
  // Resources use the framework's index, never its modules, and never the protocol or the simulator.
  layer(
    ['src/provider/resources/**/*.ts'],
    [
      { regex: '(^|/)framework/(?!index$).+', message: 'Resources import the framework through its index (../../framework) only.' },
      { regex: '(^|/)(protocol|simulator|constructs)(/|$)', message: 'Resources know neither the protocol layer nor the simulator nor the constructs (DESIGN.md layers).' },
    ],
  ),
  // The PAPI client and the secret stores know nothing of Terraform, of each other or of the simulator.
  layer(['src/papi/**/*.ts'], [{ regex: '(^|/)(provider|secrets|simulator|constructs)(/|$)', message: 'src/papi knows nothing of Terraform, secret stores or the simulator (DESIGN.md layers).' }]),
  layer(['src/secrets/**/*.ts'], [{ regex: '(^|/)(provider|papi|simulator|constructs)(/|$)', message: 'src/secrets knows nothing of Terraform, PAPI or the simulator (DESIGN.md layers).' }]),
  // Constructs emit Terraform JSON; they never run provider, protocol, PAPI or simulator code.
  layer(['constructs/**/*.ts'], [{ regex: '(^|/)src/(provider/(protocol|framework)|papi|simulator)(/|$)', message: 'Constructs emit Terraform JSON only: no provider runtime, PAPI or simulator code (DESIGN.md layers).' }]),
];

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'cdktf.out/**', '**/cdktf.out/**', '.gen/**', 'coverage/**', 'bench-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', setImmediate: 'readonly', URL: 'readonly', AbortController: 'readonly', AbortSignal: 'readonly', TextEncoder: 'readonly', TextDecoder: 'readonly', fetch: 'readonly', Response: 'readonly', Request: 'readonly', Headers: 'readonly', structuredClone: 'readonly', queueMicrotask: 'readonly' },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  ...layerRules,
);
