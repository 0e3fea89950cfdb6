// Prints the dashboard's JavaScript size, raw and gzipped, and fails the build past the budget
// (issue 8: at most 250 KB of JavaScript gzipped).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const BUDGET_BYTES = 250 * 1024;
const dir = 'target/classes/usagelens-dashboard/assets';
let raw = 0;
let gzipped = 0;
for (const name of readdirSync(dir)) {
  if (!name.endsWith('.js')) continue;
  const bytes = readFileSync(join(dir, name));
  raw += bytes.length;
  gzipped += gzipSync(bytes, { level: 9 }).length;
}
const kb = (n) => (n / 1024).toFixed(1);
console.log(`Dashboard JavaScript: ${kb(raw)} KB raw, ${kb(gzipped)} KB gzipped (budget ${kb(BUDGET_BYTES)} KB gzipped)`);
if (gzipped > BUDGET_BYTES) {
  console.error('Dashboard JavaScript is over its gzipped budget.');
  process.exit(1);
}
