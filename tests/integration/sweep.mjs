// After the whole integration run: search every kept gateway log and state
// database (tests/integration/lib/sweep.mjs) for every planted secret and
// token. Exit 1 naming each file and the first characters of the secret; the
// kept files stay for a look. Usage: node sweep.mjs DIR
import { readdirSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2];
if (!dir) { console.error('usage: node sweep.mjs DIR'); process.exit(2); }

function filesUnder(d) {
  const out = [];
  for (const e of readdirSync(d, { withFileTypes: true })) {
    const p = join(d, e.name);
    if (e.isDirectory()) out.push(...filesUnder(p));
    else if (e.isFile() && e.name !== 'planted.jsonl') out.push(p);
  }
  return out;
}

const plantedFile = join(dir, 'planted.jsonl');
const planted = existsSync(plantedFile)
  ? [...new Set(readFileSync(plantedFile, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)))]
  : [];
const files = existsSync(dir) ? filesUnder(dir) : [];
const logs = files.filter((f) => f.endsWith('.log')).length;
// The sweep is only worth something when the suite planted secrets and left
// logs and databases to search; an empty sweep is a broken sweep.
if (planted.length < 10 || logs < 20 || files.length - logs < 20) {
  console.error(`secret sweep: too little to search (${planted.length} secrets, ${logs} logs, ${files.length - logs} database files): is GATEHOUSE_TEST_SWEEP passed to the tests?`);
  process.exit(1);
}
const hits = [];
for (const f of files) {
  const body = readFileSync(f);
  for (const s of planted) if (body.includes(Buffer.from(s))) hits.push(`${f}: ${s.slice(0, 10)}...`);
}
if (hits.length) {
  console.error(`secret sweep: ${hits.length} planted secret(s) found:\n  ${hits.join('\n  ')}`);
  process.exit(1);
}
console.log(`secret sweep: ${planted.length} planted secrets and tokens, none in ${logs} gateway logs or ${files.length - logs} database files`);
rmSync(dir, { recursive: true, force: true });
