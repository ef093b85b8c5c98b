import { Flags } from '@oclif/core';
import type { CliEnvironment } from '../../context.js';
import {
  agentFlag,
  insecureStorageFlag,
  normalizeProvider,
  requiredProviderFlag,
  storageFlag,
} from '../../flags.js';
import type { SavedCredential } from './credentials.js';

/** The flags `models auth paste-api-key` and `paste-token` share. */
export const pasteFlags = {
  agent: agentFlag,
  'insecure-storage': insecureStorageFlag,
  'profile-id': Flags.string({ description: 'Profile id (default <provider>:manual).', helpValue: '<id>' }),
  provider: requiredProviderFlag,
  storage: storageFlag,
};

export interface PasteIo {
  environment(agent?: string): Promise<CliEnvironment>;
  warn(line: string): void;
  result(text: string): void;
  json: boolean;
}

export interface PasteFlags {
  agent?: string | undefined;
  provider: string;
  'profile-id'?: string | undefined;
  storage?: string | undefined;
  'insecure-storage'?: boolean;
  /** paste-token only: the token's lifetime (30m, 12h, 365d) */
  'expires-in'?: string | undefined;
}

/** The body of both paste commands: read the secret, store it, say where (and any fallback). */
export async function runPaste(
  io: PasteIo,
  flags: PasteFlags,
  type: 'api_key' | 'token',
): Promise<SavedCredential> {
  const creds = await import('./credentials.js');
  const provider = normalizeProvider(flags.provider);
  const profileId = creds.resolveProfileId(provider, flags['profile-id']);
  const ttlMs = flags['expires-in'] === undefined ? undefined : creds.parseDuration(flags['expires-in']);
  const env = await io.environment(flags.agent);
  const saved = await creds.pasteCredential(env, {
    provider,
    profileId,
    type,
    storage: flags.storage as 'keyring' | 'file' | undefined,
    insecureStorage: flags['insecure-storage'],
    ...(ttlMs === undefined ? {} : { ttlMs }),
  });
  const warning = creds.fallbackWarning(env, saved);
  if (warning) io.warn(warning);
  if (!io.json) io.result(creds.renderSaved(env, saved));
  return saved;
}
