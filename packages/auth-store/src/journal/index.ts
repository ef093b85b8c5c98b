export { type JournalRead, type ReadEventsOptions, readAuthEvents } from './read.js';
export {
  authEventsPath,
  credentialFacts,
  JOURNAL_FILENAME,
  JOURNAL_FILES,
  JOURNAL_MAX_BYTES,
  recordAuthEvent,
} from './record.js';
export { AUTH_EVENT_KINDS, type AuthEvent, type AuthEventInput, type AuthEventKind } from './types.js';
