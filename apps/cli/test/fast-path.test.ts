import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { FAST_COMMAND_IDS, hasUserPlugins, type Manifest, parseFastArgv } from '../src/fast-path.js';
import { BIN, CONFIG, cli, home, requireBuilt } from './helpers.js';

requireBuilt('main.bundle.cjs');
// The manifest the built CLI ships: the fast path reads flags from it, as oclif does.
const manifest = (): Manifest =>
  JSON.parse(fs.readFileSync(path.join(path.dirname(BIN), '../oclif.manifest.json'), 'utf8')) as Manifest;

describe('fast path: argv read with the flags of the oclif manifest', () => {
  test.each([
    [['models', 'status'], 'models:status', {}],
    [
      ['models', 'status', '--check', '--json', '--agent', 'work'],
      'models:status',
      { check: true, json: true, agent: 'work' },
    ],
    [['models', '--status-json'], 'models:status', { json: true }],
    [
      ['models', 'status', '--probe-profile', 'a:b', '--probe-profile', 'c:d'],
      'models:status',
      { 'probe-profile': ['a:b', 'c:d'] },
    ],
    [['models', 'auth', 'list', '--json'], 'models:auth:list', { json: true }],
    [
      ['models', 'auth', 'order', 'get', '--provider', 'Anthropic', '--agent', 'w'],
      'models:auth:order:get',
      { provider: 'Anthropic', agent: 'w' },
    ],
    [
      ['models', 'auth', 'token', '--provider', 'anthropic', '--json'],
      'models:auth:token',
      { provider: 'anthropic', json: true, 'min-valid': '10m' },
    ],
  ])('takes %j', (argv, id, flags) => {
    const parsed = parseFastArgv(argv, manifest(), {});
    expect(parsed?.id).toBe(id);
    // defaults come from the manifest too (probe-timeout 8000, ...)
    expect(parsed?.flags).toMatchObject(flags);
  });

  test('defaults are the oclif command defaults', () => {
    expect(parseFastArgv(['models', 'status'], manifest(), {})?.flags).toMatchObject({
      'probe-timeout': 8000,
      'probe-concurrency': 2,
    });
  });

  test.each([
    [['models', 'status', '--help']],
    [['models', 'status', '--bogus']],
    [['models', 'status', 'extra']],
    [['models', 'status', '--probe-timeout', 'abc']],
    [['models', 'auth', 'order', 'get']],
    [['models', 'auth', 'order', 'get', '--provider', ' ']],
    [['models', 'auth', 'add']],
    [['models']],
    [['--version']],
  ])('leaves %j to oclif (help, errors and other commands have one home)', (argv) => {
    expect(parseFastArgv(argv, manifest(), {})).toBeUndefined();
  });
});

describe('the fast manifest (dist/fast-manifest.json)', () => {
  test("holds every fast command of oclif's manifest, entry for entry, and nothing else", () => {
    const fast = JSON.parse(
      fs.readFileSync(path.join(path.dirname(BIN), '../dist/fast-manifest.json'), 'utf8'),
    ) as Manifest;
    const full = manifest();
    const ids = FAST_COMMAND_IDS.filter((id) => full.commands[id]);
    expect(ids).toContain('models:status');
    expect(Object.keys(fast.commands).sort()).toEqual([...ids].sort());
    for (const id of ids) expect(fast.commands[id]).toEqual(full.commands[id]);
  });
});

describe('fast path and user plugins', () => {
  test('a user or linked plugin in the data dir sends every command through oclif', () => {
    const h = home();
    const env = { HOME: h.home };
    const read = (p: string) => fs.readFileSync(p, 'utf8');
    expect(hasUserPlugins(env, read)).toBe(false);
    h.write('.local/share/clawdbot/package.json', { oclif: { plugins: [{ name: 'x', type: 'user' }] } });
    expect(hasUserPlugins(env, read)).toBe(true);
    expect(hasUserPlugins({ ...env, XDG_DATA_HOME: h.path('elsewhere') }, read)).toBe(false);
  });

  test("an installed plugin's init hook runs for models status and models auth list", async () => {
    const h = home();
    const plugin = h.path('hook-plugin');
    h.write('hook-plugin/package.json', {
      name: 'hook-plugin',
      version: '1.0.0',
      type: 'module',
      oclif: { hooks: { init: './init.js' } },
    });
    h.write(
      'hook-plugin/init.js',
      "export default async function () { process.stderr.write('HOOK RAN\\n'); }\n",
    );
    h.write('.local/share/clawdbot/package.json', {
      private: true,
      oclif: { schema: 1, plugins: [{ name: 'hook-plugin', type: 'link', root: plugin }] },
    });
    for (const args of [
      ['models', 'status'],
      ['models', 'auth', 'list'],
    ]) {
      const r = await cli(h, args);
      expect(r.stderr, args.join(' ')).toContain('HOOK RAN');
      expect(r.code).toBe(0);
    }
  });
});

describe('the etcd client loads only with the etcd store backend', () => {
  // Records every module the CLI process resolves (ESM imports and require calls alike).
  const TRACER = `import fs from 'node:fs';
import module from 'node:module';
const seen = [];
module.registerHooks({ resolve(spec, ctx, next) { const r = next(spec, ctx); seen.push(r.url); return r; } });
process.on('exit', () => fs.writeFileSync(process.env.TRACE_OUT, seen.join('\\n')));
`;
  const traced = async (env: Record<string, string> = {}, setup?: (h: ReturnType<typeof home>) => void) => {
    const h = home();
    setup?.(h);
    h.write('tracer.mjs', TRACER);
    const out = h.path('modules.txt');
    const r = await cli(h, ['models', 'status', '--json'], {
      env: { NODE_OPTIONS: `--import=${h.path('tracer.mjs')}`, TRACE_OUT: out, ...env },
    });
    const modules = fs.readFileSync(out, 'utf8').split('\n');
    return {
      r,
      etcd: modules.filter((m) => /\/node_modules\/(etcd3|cockatiel|@grpc)\//.test(m)),
      keyring: modules.filter((m) => /\/node_modules\/@napi-rs\/keyring/.test(m)),
    };
  };

  test('models status on the file store never loads etcd3, cockatiel or gRPC', async () => {
    const { r, etcd } = await traced();
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).auth.storeBackend).toBe('file');
    expect(etcd).toEqual([]);
  });

  test('models status of a keyring-held profile never loads the keyring binding (it shows the stored fingerprint)', async () => {
    const profile = {
      type: 'token',
      provider: 'anthropic',
      clawdbot: {
        fingerprint: 'a1b2c3d4',
        keyring: { service: 'clawdbot-auth', account: 'main/anthropic:kr' },
      },
    };
    const { r, keyring } = await traced({}, (h) =>
      h.write('.clawdbot/agents/main/agent/auth-profiles.json', {
        version: 1,
        profiles: { 'anthropic:kr': profile },
      }),
    );
    expect(r.code).toBe(0);
    const anthropic = JSON.parse(r.stdout).auth.providers.find(
      (p: { provider: string }) => p.provider === 'anthropic',
    );
    expect(anthropic.profiles.labels).toEqual(['anthropic:kr=token:keyring #a1b2c3d4']);
    expect(keyring).toEqual([]);
  });

  test('on etcd, reads go through its JSON gateway: status still loads no gRPC client', async () => {
    // nothing listens on port 9: the command fails naming the endpoint
    const { r, etcd } = await traced({ CLAWDBOT_AUTH_STORE: 'etcd+http://127.0.0.1:9/t' });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('127.0.0.1:9');
    expect(etcd).toEqual([]);
  });

  test('on etcd with a user and password (gRPC for every call) the client loads from node_modules, not the bundle', async () => {
    const { r, etcd } = await traced({ ETCD_TEST_PASSWORD: 'not-a-secret-at-all' }, (h) =>
      h.write(CONFIG, {
        auth: {
          store: {
            backend: 'etcd',
            endpoints: ['http://127.0.0.1:9'],
            auth: { user: 'clawdbot', passwordEnv: 'ETCD_TEST_PASSWORD' },
            timeoutMs: 1000,
          },
        },
      }),
    );
    expect(r.code).toBe(1);
    expect(etcd.some((m) => m.includes('/node_modules/etcd3/'))).toBe(true);
  });
});
