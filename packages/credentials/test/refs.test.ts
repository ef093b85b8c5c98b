import { fixtureSecret, writeResolverScript } from '@clawdbot-auth/testkit';
import { describe, expect, test } from 'vitest';
import { checkRefs, inspectAgent } from '../src/index.js';
import { useHome } from './helpers.js';

const refToken = (id: string, source = 'env', provider?: string) => ({
  type: 'token',
  provider: 'anthropic',
  tokenRef: { source, id, ...(provider ? { provider } : {}) },
});

describe('secret references in the credentials picture', () => {
  test('an env ref whose variable is unset is unresolved_ref with the fix; once set, it is the next used', async () => {
    const home = useHome();
    home.store({ 'anthropic:work': refToken('WORK_TOKEN') });
    const before = await inspectAgent(await home.world(), 'main');
    const work = before.providers.find((p) => p.provider === 'anthropic')!.candidates[0]!;
    expect(work).toMatchObject({
      id: 'anthropic:work',
      eligible: false,
      reasonCode: 'unresolved_ref',
      location: 'ref:default',
    });
    expect(work.refProblem).toContain('WORK_TOKEN');
    expect(work.recovery?.run).toEqual(['clawdbot models status --check']);
    expect(work.recovery?.why).toContain('secrets.providers');

    const set = useHome({ WORK_TOKEN: fixtureSecret.anthropicOAuthAccess() });
    set.store({ 'anthropic:work': refToken('WORK_TOKEN') });
    const after = await inspectAgent(await set.world(), 'main');
    expect(after.providers.find((p) => p.provider === 'anthropic')!.nextUsed).toBe('anthropic:work');
  });

  test('an exec resolver runs only when asked: a plain picture leaves the ref eligible, resolveExec judges it', async () => {
    const home = useHome();
    const leak = fixtureSecret.anthropicApiKey();
    const command = writeResolverScript(home.h, { kind: 'fail', leak });
    home.config({ secrets: { providers: { vault: { source: 'exec', command } } } });
    home.store({ 'anthropic:work': refToken('work', 'exec', 'vault') });
    const world = await home.world();
    const view = { store: { version: 1, profiles: { 'anthropic:work': refToken('work', 'exec', 'vault') } } };
    expect((await checkRefs(world, view as never)).size).toBe(0);

    const plain = await inspectAgent(world, 'main');
    expect(plain.providers[0]!.candidates[0]).toMatchObject({ eligible: true, next: true });
    const judged = await inspectAgent(world, 'main', { resolveExec: true });
    const c = judged.providers[0]!.candidates[0]!;
    expect(c).toMatchObject({ eligible: false, reasonCode: 'unresolved_ref' });
    expect(c.refProblem).toContain('vault');
    expect(JSON.stringify(judged.providers.map((p) => p.candidates))).not.toContain(leak.slice(-12));
  });
});
