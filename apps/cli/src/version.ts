/** The upstream `clawdbot` release whose command lines, files and exit codes this CLI keeps. */
export const UPSTREAM_VERSION = '2026.1.24-3';

/**
 * What `clawdbot --version` prints: our version, the upstream release this is a drop-in for,
 * and the platform, so a bug report carries all three.
 */
export function versionText(version: string): string {
  return `clawdbot-auth ${version} (drop-in for clawdbot ${UPSTREAM_VERSION}) ${process.platform}-${process.arch} node-${process.version}`;
}
