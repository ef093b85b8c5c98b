import { spawnSync } from 'node:child_process';

/**
 * A real Secret Service for one command: `dbus-run-session` starts a private session bus,
 * `gnome-keyring-daemon --unlock --components=secrets` unlocks (or creates) the login
 * keyring under the child's HOME with `password`, then the command runs inside. When the
 * command ends the bus goes away and the daemon with it: nothing keeps running. The keyring
 * file lives in HOME, so every run with the same HOME and password sees the same items.
 */
export function inKeyringSession(
  command: string,
  args: readonly string[],
  password = 'clawdbot-test-keyring',
): { command: string; args: string[]; env: Record<string, string> } {
  const script =
    'printf %s "$CLAWDBOT_TEST_KEYRING_PASSWORD" | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1; unset CLAWDBOT_TEST_KEYRING_PASSWORD; exec "$@"';
  return {
    command: 'dbus-run-session',
    args: ['--', 'sh', '-c', script, 'sh', command, ...args],
    env: { CLAWDBOT_TEST_KEYRING_PASSWORD: password },
  };
}

/** True when dbus-run-session and gnome-keyring-daemon are installed (scripts/dev test installs them). */
export function hasSecretService(): boolean {
  const probe = (cmd: string) =>
    spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
  return probe('dbus-run-session') && probe('gnome-keyring-daemon');
}
