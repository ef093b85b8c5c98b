// Adds up vitest's per-package "Tests  …" lines from a turbo log and prints one plain
// closing line for the whole run: "N passed, M failed" (", K skipped" when any).
// Usage: node scripts/test-summary.mjs <turbo log file>
import fs from 'node:fs';

const text = fs.readFileSync(process.argv[2], 'utf8').replace(/\x1b\[[0-9;]*m/g, '');
const total = { passed: 0, failed: 0, skipped: 0 };
let packages = 0;
for (const line of text.split('\n')) {
  const m = line.match(/\bTests\s+(.*)\(\d+\)\s*$/);
  if (!m) continue;
  packages += 1;
  for (const part of m[1].matchAll(/(\d+)\s+(passed|failed|skipped)/g)) total[part[2]] += Number(part[1]);
}
// scripts/install-test.mjs: "install test: ok   …" / "install test: FAIL …"
for (const m of text.matchAll(/^install test: (ok|FAIL)/gm)) total[m[1] === 'ok' ? 'passed' : 'failed'] += 1;
console.log(`\ntest summary over ${packages} packages and the install test:`);
console.log(
  `${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ''}`,
);
