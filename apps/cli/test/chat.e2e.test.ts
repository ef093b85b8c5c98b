import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import {
  fixtureSecret,
  leakedSecrets,
  makeTempHome,
  modelStep,
  startFakeModelServer,
  watchChild,
} from '@clawdbot-auth/testkit';
import { describe, expect, test } from 'vitest';
import { afterThisTest, BIN, CONFIG, requireBuilt, SESSIONS, STORE } from './helpers.js';

requireBuilt('commands/chat.js');

const config = {
  agents: {
    defaults: {
      model: { primary: 'anthropic/claude-opus-4-5' },
      models: {
        'anthropic/claude-opus-4-5': { alias: 'opus' },
        'anthropic/claude-sonnet-4-5': { alias: 'sonnet' },
      },
    },
  },
};

async function setup() {
  const keys = { def: fixtureSecret.anthropicApiKey(), work: fixtureSecret.anthropicApiKey() };
  const server = await startFakeModelServer({ script: (req) => modelStep.reply(`reply #${req.index + 1}`) });
  const home = makeTempHome({ prefix: 'cli-chat-' });
  afterThisTest(
    () => server.close(),
    () => home.cleanup(),
  );
  home.write(CONFIG, config);
  home.write(STORE, {
    version: 1,
    profiles: {
      'anthropic:default': { type: 'api_key', provider: 'anthropic', key: keys.def },
      'anthropic:work': { type: 'api_key', provider: 'anthropic', key: keys.work },
    },
    order: { anthropic: ['anthropic:default', 'anthropic:work'] },
  });
  const env = { ...home.env, ANTHROPIC_BASE_URL: server.url, TERM: 'dumb' };
  return { keys, server, home, env };
}

/** Output collected from a child, with a wait for a piece of text after `from`. */
function collect(p: ChildProcessWithoutNullStreams) {
  const { state, exited, until } = watchChild(p);
  const waitFor = (text: string, from = 0) => until((out) => out.slice(from).includes(text), text);
  return { state, exited, waitFor };
}

describe('clawdbot chat', () => {
  test('on a terminal: /model list, /model 2, /model opus@anthropic:work, /model status, a message, /new', async () => {
    const { keys, server, home, env } = await setup();
    const cmd = `${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} chat`;
    const p = spawn('script', ['-qfec', cmd, '/dev/null'], { env, cwd: home.home });
    afterThisTest(() => p.kill());
    const { state, exited, waitFor } = collect(p);
    const say = async (line: string, expected: string) => {
      const from = state.out.length;
      p.stdin.write(`${line}\n`);
      await waitFor(expected, from);
      return state.out.slice(from);
    };

    await waitFor('> ');
    const list = await say('/model list', 'Providers with a usable credential: anthropic');
    await say('/model 2', 'Model set to anthropic/claude-sonnet-4-5.');
    await say(
      '/model opus@anthropic:work',
      'Model set to anthropic/claude-opus-4-5, credential pinned to anthropic:work.',
    );
    const status = await say('/model status', 'Next: anthropic:work (pinned by you');
    await say('hello', 'reply #1');
    const reset = await say('/new', 'Kept your pinned credential anthropic:work');
    p.stdin.write('\x04');

    expect(await exited).toBe(0);
    expect(list).toContain('2. anthropic/claude-sonnet-4-5 (sonnet)');
    expect(status).toContain(`API: anthropic-messages at ${server.url}`);
    expect(reset).toContain('New session started');
    expect(server.requests.map((r) => r.credential)).toEqual([keys.work]);
    const session = home.readJson<Record<string, Record<string, unknown>>>(SESSIONS)['agent:main:main'];
    // opus is the default model: no override is stored for it (as upstream writes the file)
    expect(session?.modelOverride).toBeUndefined();
    expect(session).toMatchObject({
      authProfileOverride: 'anthropic:work',
      authProfileOverrideSource: 'user',
    });
    expect(leakedSecrets(state.out + state.err, Object.values(keys))).toEqual([]);
  });

  test('without a terminal it reads stdin lines to the end; a failed turn sets exit 1 and the loop goes on', async () => {
    const { keys, server, home, env } = await setup();
    const p = spawn(process.execPath, [BIN, 'chat'], { env, cwd: home.home });
    const { state, exited } = collect(p);

    p.stdin.end('/model sonnet\n/model 7\nfirst\n\nsecond\n');

    expect(await exited).toBe(1);
    expect(state.out).toBe('Model set to anthropic/claude-sonnet-4-5.\nreply #1\nreply #2\n');
    expect(state.err).toContain('Error: no model "7" in the list');
    expect(server.requests.map((r) => r.body)).toMatchObject([
      { model: 'claude-sonnet-4-5', messages: [{ content: 'first' }] },
      { model: 'claude-sonnet-4-5', messages: [{ content: 'second' }] },
    ]);
    expect(leakedSecrets(state.out + state.err, Object.values(keys))).toEqual([]);
  });
});
