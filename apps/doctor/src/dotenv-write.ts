import { isFsSafeError, updateFile } from '@clawdbot-auth/fs-safe';
import { parse } from 'dotenv';
import { DoctorError } from './errors.js';

/** Values written unquoted: what API keys and tokens look like. Anything else is not moved. */
const PLAIN_VALUE = /^[A-Za-z0-9_\-.:/+=@~]+$/;

/** True when `value` can be written to a .env file without quoting. */
export function isPlainValue(value: string): boolean {
  return PLAIN_VALUE.test(value);
}

/**
 * Makes `<state>/.env` define NAME=value: nothing to do when it already does, an error when it
 * holds another value. Appends through fs-safe (lock, re-read, 0600 temp file, fsync,
 * compare-and-swap, rename, directory fsync), then reads it back under the lock.
 * @throws DOCTOR_REPAIR_FAILED
 */
export async function ensureDotenvVar(file: string, name: string, value: string): Promise<void> {
  if (!isPlainValue(value)) {
    throw new DoctorError('DOCTOR_REPAIR_FAILED', `the value of ${name} needs quoting; move it by hand`, {
      path: file,
    });
  }
  try {
    await updateFile(
      file,
      (bytes) => {
        const text = bytes?.toString('utf8') ?? '';
        const current = parse(text)[name];
        if (current === value) return { result: undefined };
        if (current !== undefined) {
          throw new DoctorError('DOCTOR_REPAIR_FAILED', `${file} already sets ${name} to another value`, {
            path: file,
            hint: `decide which ${name} is right, keep it in ${file}, and remove the other from the config`,
          });
        }
        const sep = text === '' || text.endsWith('\n') ? '' : '\n';
        return { write: `${text}${sep}${name}=${value}\n`, result: undefined };
      },
      { verify: (back) => parse(back.toString('utf8'))[name] === value },
    );
  } catch (err) {
    if (!isFsSafeError(err)) throw err;
    throw new DoctorError('DOCTOR_REPAIR_FAILED', err.message, { path: file, hint: err.hint });
  }
}
