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
  // The daemon forks and claims org.freedesktop.secrets a moment later; under load the command
  // could ask before it has (and a private bus activates nothing), so wait for the name first.
  const script = [
    'printf %s "$CLAWDBOT_TEST_KEYRING_PASSWORD" | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1',
    'unset CLAWDBOT_TEST_KEYRING_PASSWORD',
    'i=0; while [ $i -lt 200 ] && ! dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q true; do i=$((i+1)); sleep 0.05; done',
    'exec "$@"',
  ].join('; ');
  return {
    command: 'dbus-run-session',
    args: ['--', 'sh', '-c', script, 'sh', command, ...args],
    env: { CLAWDBOT_TEST_KEYRING_PASSWORD: password },
  };
}

/** True when dbus-run-session, dbus-send and gnome-keyring-daemon are installed (scripts/dev test installs them). */
export function hasSecretService(): boolean {
  const probe = (cmd: string) =>
    spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
  return probe('dbus-run-session') && probe('dbus-send') && probe('gnome-keyring-daemon');
}
