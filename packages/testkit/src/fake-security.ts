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

// The fake itself: a small Node program (find-generic-password, add-generic-password).
const PROGRAM = `
import fs from 'node:fs';
const dir = process.env.FAKE_SECURITY_DIR ?? new URL('.', import.meta.url).pathname;
const stateFile = dir + '/state.json';
const state = JSON.parse(fs.readFileSync(stateFile, 'utf8'));
const args = process.argv.slice(2);
fs.appendFileSync(dir + '/calls.jsonl', JSON.stringify(args) + '\\n');
if (state.hang) setInterval(() => {}, 1 << 30);
else {
  const opt = (f) => { const i = args.indexOf(f); return i >= 0 ? args[i + 1] : undefined; };
  const s = opt('-s'), a = opt('-a');
  const match = (it) => it.service === s && (a === undefined || it.account === a);
  if (args[0] === 'find-generic-password') {
    const it = state.items.find(match);
    if (!it) { process.stderr.write('security: SecKeychainSearchCopyNext: The specified item could not be found in the keychain.\\n'); process.exit(44); }
    if (args.includes('-w')) process.stdout.write(it.password + '\\n');
    else process.stdout.write('keychain: "/Users/test/Library/Keychains/login.keychain-db"\\nclass: "genp"\\nattributes:\\n    "acct"<blob>="' + it.account + '"\\n    "svce"<blob>="' + it.service + '"\\n');
    process.exit(0);
  }
  if (args[0] === 'add-generic-password') {
    const i = state.items.findIndex((it) => it.service === s && it.account === a);
    if (i >= 0 && !args.includes('-U')) { process.stderr.write('security: The specified item already exists in the keychain.\\n'); process.exit(45); }
    const item = { service: s, account: a, password: opt('-w') };
    if (i >= 0) state.items[i] = item; else state.items.push(item);
    fs.writeFileSync(stateFile + '.tmp', JSON.stringify(state));
    fs.renameSync(stateFile + '.tmp', stateFile);
    process.exit(0);
  }
  process.stderr.write('security: unknown command\\n');
  process.exit(1);
}
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
