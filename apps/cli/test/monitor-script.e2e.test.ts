/** docs/systemd/clawdbot-auth-monitor.sh: exit code of `--check`, and an ntfy-style POST when not 0. */
import { spawn } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { CLI_BIN, fixtureSecret } from '@clawdbot-auth/testkit';
import { describe, expect, test } from 'vitest';
import { home } from './helpers.js';

const SCRIPT = path.resolve(import.meta.dirname, '../../../docs/systemd/clawdbot-auth-monitor.sh');

function runScript(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn('sh', [SCRIPT], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    p.stderr.on('data', (d) => {
      stderr += d;
    });
    p.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('auth monitor script', () => {
  test('missing credential: exit 1 and one POST with a title and a summary, no secret', async () => {
    const posts: { title: string | undefined; body: string }[] = [];
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (d) => {
        body += d;
      });
      req.on('end', () => {
        posts.push({ title: req.headers.title as string | undefined, body });
        res.end('ok');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/topic`;
    try {
      const h = home();
      h.write('bin/clawdbot', `#!/bin/sh\nexec "${process.execPath}" "${CLI_BIN}" "$@"\n`, 0o755);
      const env = { ...h.env, PATH: `${h.path('bin')}:${path.dirname(process.execPath)}:${h.env.PATH}` };
      const bad = await runScript({ ...env, CLAWDBOT_AUTH_MONITOR_URL: url });
      expect(bad.code).toBe(1);
      expect(posts).toEqual([
        {
          title: 'clawdbot: a model credential is missing or expired',
          body: 'missing: anthropic (run: clawdbot models status)',
        },
      ]);
      const key = fixtureSecret.anthropicApiKey();
      const good = await runScript({ ...env, ANTHROPIC_API_KEY: key, CLAWDBOT_AUTH_MONITOR_URL: url });
      expect(good.code).toBe(0);
      expect(posts).toHaveLength(1);
    } finally {
      server.close();
    }
  });

  test('clawdbot that cannot be run is reported as such (exit 127), not as a missing credential', async () => {
    const h = home();
    const r = await runScript({ ...h.env, CLAWDBOT_BIN: h.path('no-such-clawdbot') });
    expect(r.code).toBe(127);
    expect(r.stderr).toContain('cannot run');
    expect(r.stderr).toContain('set CLAWDBOT_BIN');
    expect(r.stderr).not.toContain('missing or expired');
  });
});
