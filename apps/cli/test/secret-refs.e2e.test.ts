import fs from 'node:fs';
import {
  fixtureSecret,
  modelStep,
  type ResolverBehaviour,
  startFakeModelServer,
  type TempHome,
  writeResolverScript,
} from '@clawdbot-auth/testkit';
import { describe, expect, onTestFinished, test } from 'vitest';
import { CONFIG, cli, home, requireBuilt, STORE } from './helpers.js';

requireBuilt('commands/models/status.js');

/**
 * A store whose anthropic key sits behind an exec ref (resolver `behaviour`) and whose
 * openai key sits behind an env ref; `runs` counts resolver runs.
 */
function seed(behaviour: ResolverBehaviour, extra: Record<string, unknown> = {}) {
  const h: TempHome = home();
  const runs = h.path('resolver-runs');
  const command = writeResolverScript(h, behaviour, runs);
  h.write(CONFIG, {
    agents: { defaults: { model: { primary: 'anthropic/claude-opus-4-5' } } },
    secrets: { providers: { vault: { source: 'exec', command, passEnv: ['PATH'], ...extra } } },
  });
  h.write(STORE, {
    version: 1,
    profiles: {
      'anthropic:work': {
        type: 'api_key',
        provider: 'anthropic',
        keyRef: { source: 'exec', provider: 'vault', id: 'ai/anthropic' },
        clawdbot: { fingerprint: '0a1b2c3d' },
      },
      'openai:ci': {
        type: 'api_key',
        provider: 'openai',
        keyRef: { source: 'env', provider: 'default', id: 'CI_OPENAI_KEY' },
      },
    },
  });
  const ranResolver = () => (fs.existsSync(runs) ? fs.readFileSync(runs, 'utf8').length : 0);
  return { h, ranResolver };
}

interface Status {
  auth: {
    providers: { provider: string; profiles: { labels: string[]; locations: Record<string, string> } }[];
    unusableProfiles: { profileId: string; kind: string; reason: string; detail?: string }[];
  };
  check: number;
}

describe.concurrent('secret references (keyRef)', () => {
  test('plain status shows where each secret lives and the stored fingerprint, and runs no resolver', async () => {
    const { h, ranResolver } = seed({
      kind: 'values',
      values: { 'ai/anthropic': fixtureSecret.anthropicApiKey() },
    });
    const r = await cli(h, ['models', 'status', '--json'], {
      env: { CI_OPENAI_KEY: fixtureSecret.openaiApiKey() },
    });
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout) as Status;
    const anthropic = s.auth.providers.find((p) => p.provider === 'anthropic');
    expect(anthropic?.profiles.labels).toEqual(['anthropic:work=ref:vault #0a1b2c3d']);
    expect(anthropic?.profiles.locations).toEqual({ 'anthropic:work': 'ref:vault' });
    expect(s.auth.providers.find((p) => p.provider === 'openai')?.profiles.locations).toEqual({
      'openai:ci': 'ref:default',
    });
    expect(s.auth.unusableProfiles).toEqual([]);
    expect(ranResolver()).toBe(0);
  });

  test('an env ref whose variable is unset is unresolved_ref even in plain status', async () => {
    const { h } = seed({ kind: 'values', values: {} });
    const r = await cli(h, ['models', 'status', '--json']);
    const s = JSON.parse(r.stdout) as Status;
    expect(s.auth.unusableProfiles).toEqual([
      {
        profileId: 'openai:ci',
        provider: 'openai',
        kind: 'unresolved_ref',
        reason: 'unresolved_ref',
        detail: 'environment variable CI_OPENAI_KEY is not set',
      },
    ]);
  });

  test.each([
    ['hangs', { kind: 'hang' }, 'timed out after 0.5 s'],
    ['prints garbage holding a secret', { kind: 'garbage', leak: 'LEAK' }, 'did not print protocol v1 JSON'],
    ['exits 3 after writing a secret to stderr', { kind: 'fail', leak: 'LEAK' }, 'exited with code 3'],
    ['prints 10 MB', { kind: 'huge' }, `printed more than ${1024 * 1024} bytes`],
  ] as const)(
    '--check: a resolver that %s gives unresolved_ref and exit 1, without its output',
    async (_name, b, why) => {
      const leak = fixtureSecret.anthropicApiKey();
      const behaviour = ('leak' in b ? { ...b, leak } : b) as ResolverBehaviour;
      // only the hanging one gets a short deadline: the others must finish on their own
      const { h } = seed(behaviour, b.kind === 'hang' ? { timeoutMs: 500 } : {});
      const env = { CI_OPENAI_KEY: fixtureSecret.openaiApiKey() };
      const json = await cli(h, ['models', 'status', '--check', '--json'], { env, secrets: [leak] });
      expect(json.code).toBe(1);
      const s = JSON.parse(json.stdout) as Status;
      expect(s.auth.unusableProfiles).toEqual([
        expect.objectContaining({
          profileId: 'anthropic:work',
          reason: 'unresolved_ref',
          detail: `exec provider "vault": ${why}`,
        }),
      ]);
      const text = await cli(h, ['models', 'status', '--check'], { env, secrets: [leak] });
      expect(text.code).toBe(1);
      expect(text.stdout).toContain(`- anthropic:work unresolved_ref: exec provider "vault": ${why}`);
    },
  );

  test('--check resolves exec refs once and exits 0 when they resolve', async () => {
    const { h, ranResolver } = seed({
      kind: 'values',
      values: { 'ai/anthropic': fixtureSecret.anthropicApiKey() },
    });
    const r = await cli(h, ['models', 'status', '--check', '--json'], {
      env: { CI_OPENAI_KEY: 'sk-proj-x' },
    });
    expect(JSON.parse(r.stdout).auth.unusableProfiles).toEqual([]);
    expect(r.code).toBe(0);
    expect(ranResolver()).toBe(1);
  });

  test('--probe and agent send the resolved key', async () => {
    const key = fixtureSecret.anthropicApiKey();
    const server = await startFakeModelServer({ script: () => modelStep.reply('pong') });
    onTestFinished(() => server.close());
    const { h } = seed({ kind: 'values', values: { 'ai/anthropic': key } });
    const env = { ANTHROPIC_BASE_URL: server.url };
    const probe = await cli(h, ['models', 'status', '--probe', '--probe-provider', 'anthropic', '--json'], {
      env,
      secrets: [key],
    });
    expect(JSON.parse(probe.stdout).probes).toEqual([
      expect.objectContaining({ profileId: 'anthropic:work', status: 'ok' }),
    ]);
    const turn = await cli(h, ['agent', '--message', 'hi'], { env, secrets: [key] });
    expect(turn.stdout).toBe('pong\n');
    expect(server.requests.map((r) => r.credential)).toEqual([key, key]);
  });

  test('an agent turn whose only key does not resolve fails naming the ref, not the output', async () => {
    const leak = fixtureSecret.anthropicApiKey();
    const server = await startFakeModelServer({ script: () => modelStep.reply('pong') });
    onTestFinished(() => server.close());
    const { h } = seed({ kind: 'garbage', leak });
    const r = await cli(h, ['agent', '--message', 'hi'], {
      env: { ANTHROPIC_BASE_URL: server.url },
      secrets: [leak],
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'anthropic:work: keyRef could not be resolved: exec provider "vault": did not print protocol v1 JSON',
    );
    expect(server.requests).toEqual([]);
  });

  test('an oauth profile with a ref is refused as invalid, never used', async () => {
    const h = home();
    h.write(STORE, {
      version: 1,
      profiles: {
        'anthropic:sub': {
          type: 'oauth',
          provider: 'anthropic',
          access: '',
          refresh: '',
          expires: 1,
          tokenRef: { source: 'env', id: 'X' },
        },
      },
    });
    const r = await cli(h, ['models', 'status', '--json']);
    const problems = JSON.parse(r.stdout).auth.problems as { message: string }[];
    expect(problems.map((p) => p.message)).toEqual([
      'profiles["anthropic:sub"].tokenRef: oauth profiles take no secret references',
    ]);
  });
});
