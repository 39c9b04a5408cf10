import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    // The end-to-end files spend most of their time waiting on sockets and child processes, not on a
    // CPU: three at once take a third of the wall time on a 2-core machine (the default runs one).
    maxWorkers: 3,
    hookTimeout: 20_000,
  },
});
