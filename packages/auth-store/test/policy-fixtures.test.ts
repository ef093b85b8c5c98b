import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import {
  AuthStoreSchema,
  buildAuthHealthReport,
  checkExitCode,
  formatRemaining,
  redactText,
  resolveCandidates,
} from '../src/index.js';

/**
 * Stores written by the upstream CLI (spec/examples/<scenario>/expected/stepNN), resolved at the
 * clock of the recorded `models status` step. Expected values are ours where spec 03 says so.
 */
const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'policy-fixtures');

interface Row {
  file: string;
  now: number;
  provider: string;
  ids: string[];
  usable: string[];
  source: string;
  statuses: string[];
  remaining: string;
  exit: 0 | 1 | 2;
}

const rows: Row[] = [
  {
    file: '03a-claude-cli-10d',
    now: 1795582390120,
    provider: 'anthropic',
    ids: ['anthropic:claude-cli'],
    usable: ['anthropic:claude-cli'],
    source: 'stored',
    statuses: ['ok'],
    remaining: '10d',
    exit: 0,
  },
  // upstream exits 1 here; an expired access token with a refresh token is refreshable (ours)
  {
    file: '03c-claude-cli-expired',
    now: 1795582413001,
    provider: 'anthropic',
    ids: ['anthropic:claude-cli'],
    usable: ['anthropic:claude-cli'],
    source: 'stored',
    statuses: ['refreshable'],
    remaining: '0m',
    exit: 0,
  },
  {
    file: '03d-claude-cli-no-refresh',
    now: 1795582424058,
    provider: 'anthropic',
    ids: ['anthropic:claude-cli'],
    usable: ['anthropic:claude-cli'],
    source: 'stored',
    statuses: ['ok'],
    remaining: '300d',
    exit: 0,
  },
  // codex OAuth refreshes itself (upstream: expiring); anthropic, the default model's provider, is missing
  {
    file: '03v-codex-cli',
    now: 1795582610355,
    provider: 'openai-codex',
    ids: ['openai-codex:codex-cli'],
    usable: ['openai-codex:codex-cli'],
    source: 'stored',
    statuses: ['ok'],
    remaining: '1h',
    exit: 1,
  },
  {
    file: '04b-paste-token-expires',
    now: 1795582854652,
    provider: 'anthropic',
    ids: ['anthropic:work', 'anthropic:short', 'anthropic:bad2'],
    usable: ['anthropic:work', 'anthropic:short', 'anthropic:bad2'],
    source: 'stored',
    statuses: ['expiring', 'expiring', 'ok'],
    remaining: '1h',
    exit: 2,
  },
  {
    file: '05b-order-with-profiles',
    now: 1795582976015,
    provider: 'anthropic',
    ids: ['anthropic:work', 'anthropic:manual', 'anthropic:default'],
    usable: ['anthropic:work', 'anthropic:manual'],
    source: 'store',
    statuses: ['static', 'ok', 'static'],
    remaining: '',
    exit: 0,
  },
];

describe('resolver over upstream-written stores', () => {
  test.each(rows)('$file', async (row) => {
    const raw = await readFile(path.join(dir, `${row.file}.json`), 'utf8');
    const store = AuthStoreSchema.parse(JSON.parse(raw));
    const providers = [...new Set(['anthropic', ...Object.values(store.profiles).map((p) => p.provider)])];
    const perProvider = providers.map((provider) =>
      resolveCandidates({ provider, store, config: {}, now: row.now }),
    );
    const res = perProvider.find((r) => r.provider === row.provider);
    expect(res?.orderSource).toBe(row.source);
    expect(res?.candidates.map((c) => c.id)).toEqual(row.ids);
    expect(res?.candidates.filter((c) => c.usable).map((c) => c.id)).toEqual(row.usable);

    const report = buildAuthHealthReport({ providersInUse: ['anthropic'], perProvider, now: row.now });
    const health = report.providers.find((p) => p.provider === row.provider)?.credentials ?? [];
    expect(health.map((c) => c.status)).toEqual(row.statuses);
    expect(health[0]?.remainingMs === undefined ? '' : formatRemaining(health[0].remainingMs)).toBe(
      row.remaining,
    );
    expect(checkExitCode(report)).toBe(row.exit);

    // nothing the report or resolver carries holds a secret from the file
    const secrets = Object.values(store.profiles).flatMap((p) =>
      p.type === 'api_key' ? [p.key ?? ''] : p.type === 'token' ? [p.token ?? ''] : [p.access, p.refresh],
    );
    const shown = JSON.stringify({ perProvider, report });
    for (const secret of secrets) expect(shown).not.toContain(secret.slice(-16));
    expect(redactText(raw, secrets)).not.toContain(secrets[0]?.slice(-16));
  });
});
