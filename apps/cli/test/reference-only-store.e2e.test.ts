import { fixtureSecret, modelStep, startFakeModelServer, startFakeOAuthServer } from '@clawdbot-auth/testkit';
import { describe, expect, test } from 'vitest';
import { afterThisTest, cli, HOUR, home, requireBuilt, STORE } from './helpers.js';

requireBuilt('commands/secrets/migrate.js');

/**
 * A store that holds no secret bytes at all: an OAuth login and an API key in the OS keyring,
 * an API key behind an env reference. Every command a user runs on it works.
 */
describe('a store holding only references (real Secret Service)', () => {
  test('status, --check, refresh, --probe, agent and doctor all work; status needs no keyring', async () => {
    const oauth = await startFakeOAuthServer();
    const models = await startFakeModelServer({ script: () => modelStep.reply('hello from a reference') });
    afterThisTest(
      () => oauth.close(),
      () => models.close(),
    );
    const h = home();
    const access = fixtureSecret.anthropicOAuthAccess();
    const refresh = fixtureSecret.anthropicOAuthRefresh();
    const anthropicKey = fixtureSecret.anthropicApiKey();
    const openaiKey = fixtureSecret.openaiApiKey();
    h.write(STORE, {
      version: 1,
      profiles: {
        'anthropic:me': { type: 'oauth', provider: 'anthropic', access, refresh, expires: Date.now() - HOUR },
        'anthropic:work': { type: 'api_key', provider: 'anthropic', key: anthropicKey },
        'openai:ci': {
          type: 'api_key',
          provider: 'openai',
          keyRef: { source: 'env', provider: 'default', id: 'CI_OPENAI_KEY' },
        },
      },
    });
    const env = {
      ...oauth.env,
      ANTHROPIC_BASE_URL: models.url,
      OPENAI_BASE_URL: models.openaiBaseUrl,
      CI_OPENAI_KEY: openaiKey,
    };
    const run = (args: string[], keyring = true) => cli(h, args, { env, keyring });
    expect((await run(['secrets', 'migrate', '--to', 'keyring'])).code).toBe(0);
    for (const secret of [access, refresh, anthropicKey, openaiKey])
      expect(h.read(STORE)).not.toContain(secret);

    // status: from the store alone, no D-Bus session
    const status = await run(['models', 'status', '--json'], false);
    expect(status.code).toBe(0);
    const anthropic = JSON.parse(status.stdout).auth.providers.find(
      (p: { provider: string }) => p.provider === 'anthropic',
    );
    expect(anthropic.profiles.locations).toEqual({ 'anthropic:me': 'keyring', 'anthropic:work': 'keyring' });

    // --check: the expired login can refresh itself, the references resolve
    const check = await run(['models', 'status', '--check']);
    expect(check.code).toBe(0);

    // refresh: one token request with the refresh token read from the keyring
    const refreshed = await run(['models', 'auth', 'refresh', '--profile-id', 'anthropic:me']);
    expect(refreshed.code).toBe(0);
    expect(oauth.requests.map((r) => r.params.refresh_token)).toEqual([refresh]);
    expect(h.read(STORE)).not.toContain(refresh);

    // --probe: every profile answers with the secret read from the keyring or the reference
    const probe = await run(['models', 'status', '--probe', '--json']);
    expect(probe.code).toBe(0);
    const probes = JSON.parse(probe.stdout).probes as { profileId: string; status: string }[];
    expect(probes.map((p) => [p.profileId, p.status]).sort()).toEqual([
      ['anthropic:me', 'ok'],
      ['anthropic:work', 'ok'],
      ['openai:ci', 'ok'],
    ]);
    const sent = models.requests.map((r) => r.credential);
    expect(sent).toContain(anthropicKey);
    expect(sent).toContain(openaiKey);
    expect(sent).not.toContain(access); // the rotated token went out, not the spent one

    // agent: a reply, sent with the rotated access token from the keyring
    models.requests.length = 0;
    const turn = await run(['agent', '--message', 'hi']);
    expect({ code: turn.code, stdout: turn.stdout }).toEqual({ code: 0, stdout: 'hello from a reference\n' });
    const used = models.requests[0]?.credential;
    expect(used).toBeDefined();
    expect([access, anthropicKey]).not.toContain(used);

    // doctor: nothing wrong, nothing in plaintext
    const doctor = await run(['doctor', '--json']);
    expect(doctor.code).toBe(0);
    const findings = JSON.parse(doctor.stdout).findings as { id: string; severity: string }[];
    expect(findings.filter((f) => f.severity !== 'info')).toEqual([]);
    expect(findings.map((f) => f.id)).not.toContain('store.plaintext-secrets');
    expect(oauth.tokenRequestCount()).toBe(1);
  });
});
