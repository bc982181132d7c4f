import { defineConfig } from 'vitest/config';

// Every simulator in every tier (in-process, and the HTTPS ones the tests spawn, which inherit the
// environment) answers a response that breaks the OneFS API contract with a 500 (see
// src/simulator/onefs/contract/monitor.ts).
const contract = { CDKTF_POWERSCALE_SIM_CONTRACT: 'strict' };

// Three tiers (see DESIGN.md): unit tests beside the code (the construct tests run twice, once per
// CDK core), integration tests over real sockets, end-to-end tests that run the real `terraform`
// binary.
//
// Unit, integration and e2e files run on two workers. Vitest's default in run mode is one worker fewer
// than the CPUs, which on a 2-core machine is a single worker: every file, and its module imports,
// one after the other while the second core idles.
const twoWorkers = { maxWorkers: 2 } as const;

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'constructs/**/*.test.ts', 'scripts/**/*.test.ts', 'bench/**/*.test.ts'],
          // A CI runner sets CI, which makes the provider warn about its default file store: tests
          // that expect no diagnostics must not depend on where they run (automation is tested
          // with an explicit env).
          env: { ...contract, CI: '', TF_IN_AUTOMATION: '' },
          testTimeout: 20_000,
          ...twoWorkers,
        },
      },
      {
        // The construct tests again, with \`cdktf\` resolved to \`cdktn\`: what the cdktn build
        // (cdktf-powerscale/cdktn, scripts/build-constructs.mjs) does to the same sources.
        resolve: { alias: [{ find: /^cdktf$/, replacement: 'cdktn' }] },
        test: {
          name: 'unit-cdktn',
          include: ['constructs/**/*.test.ts'],
          env: { ...contract, CDK_CORE_UNDER_TEST: 'cdktn' },
          testTimeout: 20_000,
          ...twoWorkers,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          env: { ...contract, CI: '', TF_IN_AUTOMATION: '' },
          testTimeout: 60_000,
          hookTimeout: 60_000,
          ...twoWorkers,
        },
      },
      {
        test: {
          name: 'e2e',
          env: contract,
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 300_000,
          hookTimeout: 300_000,
          // Two e2e files at a time (issue 20: the tier's wall time must not grow with every
          // resource). Each file starts its own simulator on ephemeral ports and works in its own
          // temporary directories, so nothing is shared; much of a file's time is spent waiting
          // (process starts, terraform's own work, simulated latency), so two files share the two
          // cores well: 553 s one at a time, 391 s and 344 s two at a time (docs/bench.md, round 5).
          ...twoWorkers,
        },
      },
      {
        // A real cluster: `npm run test:acceptance -- --config FILE` (scripts/acceptance/run.ts)
        // sets CDKTF_POWERSCALE_ACCEPTANCE_CONFIG; without it every test is skipped.
        test: {
          name: 'acceptance',
          include: ['test/acceptance/**/*.test.ts'],
          testTimeout: 1_800_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
