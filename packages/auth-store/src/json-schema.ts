import * as z from 'zod/mini';
import { AuthStoreSchema } from './schema.js';

// Its own entry (`@clawdbot-auth/auth-store/json-schema`): loading the package never loads
// zod's JSON Schema generator.

/** JSON Schema of auth-profiles.json, generated from the zod schema. */
export function authStoreJsonSchema(): unknown {
  return z.toJSONSchema(AuthStoreSchema, { io: 'input', unrepresentable: 'any' });
}
