import { defineConfig } from "vitest/config";
import tsconfigPaths from "vite-tsconfig-paths";

// The crash test: several worker processes on PostgreSQL, killed at random (npm test runs it in
// the PostgreSQL phase; SQLite has one worker by design).
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
