import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** One generic-password item of the fake keychain. */
export interface FakeKeychainItem {
  service: string;
  account: string;
  password: string;
}

interface FakeState {
  items: FakeKeychainItem[];
  /** every call hangs (a locked keychain waiting for a GUI prompt) */
  hang?: boolean;
}

export interface FakeSecurity {
  /** the dir holding the `security` executable: put it first on PATH */
  binDir: string;
  /** `<binDir>:<PATH>` */
  pathWith(pathVar?: string): string;
  items(): FakeKeychainItem[];
  setItems(items: FakeKeychainItem[]): void;
  setHang(hang: boolean): void;
  /** argv of every call so far (passwords included: test temp dirs only) */
  calls(): string[][];
  cleanup(): void;
}

// The fake itself: a small Node program (find-generic-password, add-generic-password with -w
// or hex -X, and -i, which reads such command lines from stdin as the real one does).
const PROGRAM = String.raw`
import fs from 'node:fs';
const dir = process.env.FAKE_SECURITY_DIR ?? new URL('.', import.meta.url).pathname;
const stateFile = dir + '/state.json';
const state = JSON.parse(fs.readFileSync(stateFile, 'utf8'));
const argv = process.argv.slice(2);
fs.appendFileSync(dir + '/calls.jsonl', JSON.stringify(argv) + '\n');
const fail = (msg, code) => { process.stderr.write('security: ' + msg + '\n'); return code; };
function run(args) {
  const opt = (f) => { const i = args.indexOf(f); return i >= 0 ? args[i + 1] : undefined; };
  const s = opt('-s'), a = opt('-a');
  const match = (it) => it.service === s && (a === undefined || it.account === a);
  if (args[0] === 'find-generic-password') {
    const it = state.items.find(match);
    if (!it) return fail('SecKeychainSearchCopyNext: The specified item could not be found in the keychain.', 44);
    if (args.includes('-w')) process.stdout.write(it.password + '\n');
    else process.stdout.write('keychain: "/Users/test/Library/Keychains/login.keychain-db"\nclass: "genp"\nattributes:\n    "acct"<blob>="' + it.account + '"\n    "svce"<blob>="' + it.service + '"\n');
    return 0;
  }
  if (args[0] === 'add-generic-password') {
    const i = state.items.findIndex((it) => it.service === s && it.account === a);
    if (i >= 0 && !args.includes('-U')) return fail('The specified item already exists in the keychain.', 45);
    const hex = opt('-X');
    const password = hex !== undefined ? Buffer.from(hex, 'hex').toString('utf8') : opt('-w');
    const item = { service: s, account: a, password };
    if (i >= 0) state.items[i] = item; else state.items.push(item);
    fs.writeFileSync(stateFile + '.tmp', JSON.stringify(state));
    fs.renameSync(stateFile + '.tmp', stateFile);
    return 0;
  }
  return fail('unknown command', 1);
}
// one command line of "security -i": words, or double-quoted strings with backslash escapes
const words = (line) => [...line.matchAll(/"((?:[^"\\]|\\.)*)"|(\S+)/g)].map((m) => m[2] ?? m[1].replace(/\\(.)/g, '$1'));
if (state.hang) setInterval(() => {}, 1 << 30);
else if (argv[0] === '-i') {
  const lines = fs.readFileSync(0, 'utf8').split('\n').filter((l) => l.trim());
  for (const l of lines) { fs.appendFileSync(dir + '/stdin.jsonl', JSON.stringify(words(l)) + '\n'); run(words(l)); }
  process.exit(0);
} else process.exit(run(argv));
`;

/**
 * Writes a fake macOS `security` executable into a temp bin dir (for PATH), backed by a
 * JSON file of items; it records its calls and can hang to exercise timeouts.
 */
export function installFakeSecurity(initial: Partial<FakeState> = {}): FakeSecurity {
  const binDir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'fake-security-')));
  const stateFile = path.join(binDir, 'state.json');
  const write = (s: FakeState) => fs.writeFileSync(stateFile, JSON.stringify(s));
  const read = (): FakeState => JSON.parse(fs.readFileSync(stateFile, 'utf8')) as FakeState;
  write({ items: initial.items ?? [], hang: initial.hang ?? false });
  fs.writeFileSync(path.join(binDir, 'security.mjs'), PROGRAM);
  fs.writeFileSync(path.join(binDir, 'calls.jsonl'), '');
  const script = `#!/bin/sh\nFAKE_SECURITY_DIR='${binDir}' exec '${process.execPath}' '${path.join(binDir, 'security.mjs')}' "$@"\n`;
  fs.writeFileSync(path.join(binDir, 'security'), script, { mode: 0o755 });
  return {
    binDir,
    pathWith: (pathVar = process.env.PATH ?? '/usr/bin:/bin') => `${binDir}${path.delimiter}${pathVar}`,
    items: () => read().items,
    setItems: (items) => write({ ...read(), items }),
    setHang: (hang) => write({ ...read(), hang }),
    calls: () =>
      fs
        .readFileSync(path.join(binDir, 'calls.jsonl'), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as string[]),
    cleanup: () => fs.rmSync(binDir, { recursive: true, force: true }),
  };
}
