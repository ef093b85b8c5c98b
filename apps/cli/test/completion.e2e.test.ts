/** Shell completion: `clawdbot completion bash|zsh` and the candidates it asks `__complete` for. */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { BIN, cli, home, STORE } from './helpers.js';

function withProfiles() {
  const h = home();
  const key = (n: string) => `sk-ant-api03-COMPLETIONFIXTURE${n}xxxxxxxxxxxxxxxx`;
  h.write(STORE, {
    version: 1,
    profiles: {
      'anthropic:work': { type: 'api_key', provider: 'anthropic', key: key('1') },
      'anthropic:home': { type: 'api_key', provider: 'anthropic', key: key('2') },
      'openrouter:me': { type: 'api_key', provider: 'openrouter', key: key('3') },
    },
  });
  return h;
}

const candidates = async (h: ReturnType<typeof home>, line: string) => {
  const r = await cli(h, ['__complete', '--line', line]);
  expect(r.code).toBe(0);
  expect(r.stderr).toBe('');
  return r.stdout.split('\n').filter(Boolean);
};

describe('__complete', () => {
  test('profile ids of the store after --profile-id, as order set arguments and as the id of remove', async () => {
    const h = withProfiles();
    expect(await candidates(h, 'clawdbot models auth remove --profile-id anth')).toEqual([
      'anthropic:home',
      'anthropic:work',
    ]);
    expect(await candidates(h, 'clawdbot models auth order set --provider anthropic ')).toEqual([
      'anthropic:home',
      'anthropic:work',
    ]);
    // an id already typed is not offered again
    expect(
      await candidates(h, 'clawdbot models auth order set --provider anthropic anthropic:work '),
    ).toEqual(['anthropic:home']);
  });

  test('provider ids after --provider (the provider table and the store), commands and flags', async () => {
    const h = withProfiles();
    expect(await candidates(h, 'clawdbot models auth list --provider openr')).toEqual(['openrouter']);
    expect(await candidates(h, 'clawdbot models au')).toEqual(['auth']);
    expect(await candidates(h, 'clawdbot models status --ch')).toEqual(['--check']);
  });

  test('a corrupt store gives no candidates and no error text', async () => {
    const h = home();
    h.write(STORE, '{ not json');
    expect(await candidates(h, 'clawdbot models auth remove --profile-id ')).toEqual([]);
  });
});

describe('clawdbot completion bash', () => {
  test('the script completes a profile id with a colon in real bash', async () => {
    const h = withProfiles();
    const script = (await cli(h, ['completion', 'bash'])).stdout;
    h.write('bin/clawdbot', `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`, 0o755);
    h.write('complete.bash', script);
    // what bash does on Tab: COMP_LINE/COMP_POINT set, the function called, COMPREPLY read
    const line = 'clawdbot models auth remove --profile-id anthropic:w';
    const r = spawnSync(
      'bash',
      [
        '-c',
        `. ./complete.bash; COMP_LINE='${line}'; COMP_POINT=${line.length}; _clawdbot_complete; printf '%s\\n' "\${COMPREPLY[@]}"`,
      ],
      {
        cwd: h.home,
        env: {
          ...h.env,
          HOME: h.home,
          PATH: `${h.path('bin')}:${path.dirname(process.execPath)}:/usr/bin:/bin`,
        },
        encoding: 'utf8',
      },
    );
    // bash splits the word at ':', so the reply is the part after it
    expect(r.stdout.trim()).toBe('work');
  });

  test('zsh script registers the function', async () => {
    const r = await cli(home(), ['completion', 'zsh']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('compdef _clawdbot clawdbot');
  });
});
