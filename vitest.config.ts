import { defineConfig } from "vitest/config";
import tsconfigPaths from "vite-tsconfig-paths";

// Unit tests sit beside the code (app/**, emulator/**); integration tests in test/integration.
// Browser tests have their own config (vitest.e2e.config.ts): they need a built app.
export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    include: ["app/**/*.test.{ts,tsx}", "emulator/**/*.test.ts", "extensions/*/src/**/*.test.{ts,tsx}", "test/integration/**/*.test.ts"],
    setupFiles: ["test/support/setup.ts"],
    globalSetup: ["test/support/global-setup.ts"],
    testTimeout: 30_000,
    // On CI a failed test runs once more (docs/decisions/015): Prisma's WebAssembly query compiler
    // has trapped once ("memory access out of bounds") on an ordinary insert. A real failure fails
    // twice; vitest reports the retried test by name in its output.
    retry: process.env.CI ? 1 : 0,
    hookTimeout: 60_000,
    pool: "forks",
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
  },
});
