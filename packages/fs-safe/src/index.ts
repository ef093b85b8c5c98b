export { keepCorruptCopy, listCorruptCopies } from './corrupt.js';
export { errnoOf, FsSafeError, type FsSafeErrorCode, isFsSafeError, safeCause } from './errors.js';
export {
  acquireLock,
  clearLock,
  DEFAULT_STALE_MS,
  type HeldLock,
  inspectLock,
  type LockInfo,
  type LockOptions,
  lockPathFor,
  withFileLock,
} from './lock.js';
export { type EditOutcome, readState, type UpdateOptions, updateFile } from './update.js';
export {
  DIR_MODE,
  ensureDir,
  FILE_MODE,
  readIfExists,
  resolveWriteTarget,
  syncDir,
  type WriteOptions,
  writeFileAtomic,
  writeNewFile,
} from './write.js';
