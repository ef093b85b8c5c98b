/** Package name, for messages and diagnostics. */
export const PACKAGE_NAME = '@clawdbot-auth/config-migrate';
