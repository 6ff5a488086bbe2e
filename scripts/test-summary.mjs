// Adds up vitest's JSON reports and prints the closing line: "summary: N passed, N failed".
import fs from "node:fs";
import path from "node:path";

const [dir, ...failedPhases] = process.argv.slice(2);
let passed = 0;
let failed = 0;
let skipped = 0;
for (const file of fs.existsSync(dir) ? fs.readdirSync(dir) : []) {
  if (!file.endsWith(".json")) continue;
  const report = JSON.parse(fs.readFileSync(path.join(dir, file), "utf8"));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  skipped += report.numPendingTests + (report.numTodoTests ?? 0);
  console.log(`${path.basename(file, ".json").padEnd(12)} ${report.numPassedTests} passed, ${report.numFailedTests} failed`);
}
if (failedPhases.length) console.log(`failed phases: ${failedPhases.join("; ")}`);
// A phase that fails without a failing test (typecheck, lint, a crash) still fails the run.
const extra = failedPhases.length && failed === 0 ? failedPhases.length : 0;
console.log(`summary: ${passed} passed, ${failed + extra} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(failed + extra > 0 || passed === 0 ? 1 : 0);
