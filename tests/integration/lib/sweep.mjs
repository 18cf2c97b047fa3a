// The suite-wide secret sweep (issue 10): every secret a test plants is named
// here with plant(); every gateway's log and every state database a gateway or a
// CLI command left is kept; after the whole run tests/integration/sweep.mjs
// searches all of them for every planted value. Tests still remove their own
// directories: what is kept is a copy, in $GATEHOUSE_TEST_SWEEP. Without that
// variable (a single test file run by hand) nothing is kept.
import { appendFileSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export const SWEEP = process.env.GATEHOUSE_TEST_SWEEP || '';
let seq = 0;
const unique = (what) => `${process.pid}-${++seq}-${what}`;

// A value that must appear in no log and no database.
export function plant(value) {
  if (!SWEEP || !value) return value;
  mkdirSync(SWEEP, { recursive: true });
  appendFileSync(join(SWEEP, 'planted.jsonl'), `${JSON.stringify(String(value))}\n`);
  return value;
}

// A path where a gateway's stderr is appended as it arrives, or null.
export function logPath() {
  if (!SWEEP) return null;
  mkdirSync(join(SWEEP, 'logs'), { recursive: true });
  return join(SWEEP, 'logs', `${unique('gateway')}.log`);
}

// Copy the databases (and their journals) of a state directory.
export function keepState(stateDir) {
  if (!SWEEP || !stateDir || !existsSync(stateDir)) return;
  let names;
  try { names = readdirSync(stateDir); } catch { return; }
  const keep = names.filter((n) => /\.(db|db-wal|db-journal|log)$/.test(n));
  if (keep.length === 0) return;
  const to = join(SWEEP, 'state', unique('state'));
  mkdirSync(to, { recursive: true });
  for (const n of keep) {
    try { copyFileSync(join(stateDir, n), join(to, n)); } catch { /* removed meanwhile */ }
  }
}

// The state directory a config file names (the default is "state" beside it
// in the tests), or null when the file is not there or not JSON.
export function stateDirOf(configPath) {
  try {
    const cfg = JSON.parse(readFileSync(configPath, 'utf8'));
    return resolve(dirname(configPath), cfg.stateDir || 'state');
  } catch { return null; }
}
