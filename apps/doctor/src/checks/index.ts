import type { Check } from '../types.js';
import { backendCheck } from './backend.js';
import { CONFIG_CHECKS } from './config.js';
import { cooldownCheck } from './cooldown.js';
import { credentialsCheck } from './credentials.js';
import { environmentCheck } from './environment.js';
import { journalCheck } from './journal.js';
import { legacyCheck } from './legacy.js';
import { locksCheck } from './locks.js';
import { permissionsCheck } from './permissions.js';
import { plaintextSecretsCheck } from './plaintext.js';
import { routingCheck } from './routing.js';
import { duplicateSecretCheck, forkedRefreshCheck } from './secrets.js';
import { storeEntriesCheck, storeParseCheck } from './store.js';
import { syncCheck } from './sync.js';

export { configMigrationCheck, configParseCheck, configSchemaCheck } from './config.js';
export {
  backendCheck,
  cooldownCheck,
  credentialsCheck,
  duplicateSecretCheck,
  environmentCheck,
  forkedRefreshCheck,
  journalCheck,
  legacyCheck,
  locksCheck,
  permissionsCheck,
  plaintextSecretsCheck,
  routingCheck,
  storeEntriesCheck,
  storeParseCheck,
  syncCheck,
};

/** Every check, in section order. */
export const CHECKS: readonly Check[] = [
  ...CONFIG_CHECKS,
  backendCheck,
  storeParseCheck,
  storeEntriesCheck,
  locksCheck,
  permissionsCheck,
  plaintextSecretsCheck,
  syncCheck,
  credentialsCheck,
  routingCheck,
  duplicateSecretCheck,
  forkedRefreshCheck,
  cooldownCheck,
  journalCheck,
  environmentCheck,
  legacyCheck,
];
