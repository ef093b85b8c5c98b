import { type Credential, isSyncedProfileId, migrateCommand, plaintextFields, secretRefOf } from '../deps.js';
import type { Check } from '../types.js';

/**
 * store.plaintext-secrets: API keys and tokens the agent's store holds in plaintext. A
 * warning once the user chose the keyring (config `auth.secrets.storage: "keyring"`, or a
 * profile of this store already in it): those secrets missed the move. Otherwise a note: the
 * file (0600) is the default and a warning on every run would only teach users to ignore doctor.
 * The Claude Code / Codex mirrors are not counted: they sit beside that tool's own login file.
 */
export const plaintextSecretsCheck: Check = {
  id: 'store.plaintext-secrets',
  section: 'auth-store',
  async run(_ctx, state) {
    const agentId = await state.agentId();
    const r = await state.store(agentId);
    if (r.kind !== 'ok') return [];
    const own = (Object.entries(r.view.store.profiles) as [string, Credential][]).filter(
      ([id]) => !r.view.inherited.has(id),
    );
    const plain = own
      .filter(([id, c]) => !isSyncedProfileId(id) && !secretRefOf(c) && plaintextFields(c).length > 0)
      .map(([id]) => id);
    if (plain.length === 0) return [];
    const config = (await state.loadedConfig())?.config;
    const optedIn =
      config?.auth?.secrets?.storage === 'keyring' || own.some(([, c]) => c.clawdbot?.keyring !== undefined);
    return [
      {
        id: 'store.plaintext-secrets',
        severity: optedIn ? 'warn' : 'info',
        section: 'auth-store',
        file: r.view.path,
        message: `${plain.join(', ')} ${plain.length === 1 ? 'keeps its secret' : 'keep their secrets'} in plaintext in the store file${optedIn ? ' although you chose the OS keyring' : ''}`,
        fix: migrateCommand(r.view.agentId),
      },
    ];
  },
};
