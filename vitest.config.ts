import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // CLI tests start subprocesses and the resume test kills one mid-run; give them room on 2 cores.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Two files at a time on 2 cores: most of a CLI test's time is its subprocess, so two overlap
    // well (vitest's default would be cores − 1 = one file at a time).
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
  },
});
