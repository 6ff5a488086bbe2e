import { defineConfig } from "vitest/config";
import tsconfigPaths from "vite-tsconfig-paths";

// The crash tests: several worker processes on PostgreSQL, killed at random (npm test runs them in
// the PostgreSQL phase; SQLite has one worker by design, and runs refresh-crash.test.ts alone).
export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    include: ["test/crash/**/*.test.ts"],
    setupFiles: ["test/support/setup.ts"],
    globalSetup: ["test/support/global-setup.ts"],
    testTimeout: 400_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
