import { classifyHttpFailure, type FailureKind } from '@clawdbot-auth/credentials';
import type { ModelResponse } from './request.js';

export { errorMessage, type FailureKind } from '@clawdbot-auth/credentials';

/** Maps a failed response to its failure kind: the catalog's one classification (spec 05 table). @throws never */
export function classifyFailure(res: Exclude<ModelResponse, { ok: true }>): FailureKind {
  return res.status === undefined ? 'timeout' : classifyHttpFailure(res.status, res.body);
}
