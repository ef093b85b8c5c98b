import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'dotenv';
import { DoctorError } from './errors.js';

/** Values written unquoted: what API keys and tokens look like. Anything else is not moved. */
const PLAIN_VALUE = /^[A-Za-z0-9_\-.:/+=@~]+$/;

/** True when `value` can be written to a .env file without quoting. */
export function isPlainValue(value: string): boolean {
  return PLAIN_VALUE.test(value);
}

function readDotenv(file: string): { text: string; vars: Record<string, string> } {
  try {
    const text = fs.readFileSync(file, 'utf8');
    return { text, vars: parse(text) };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { text: '', vars: {} };
    throw err;
  }
}

/**
 * Makes `<state>/.env` define NAME=value: nothing to do when it already does, an error when it
 * holds another value. Appends through a 0600 temp file and a rename, then reads it back.
 * @throws DOCTOR_REPAIR_FAILED
 */
export function ensureDotenvVar(file: string, name: string, value: string): void {
  const { text, vars } = readDotenv(file);
  if (vars[name] === value) return;
  if (vars[name] !== undefined) {
    throw new DoctorError('DOCTOR_REPAIR_FAILED', `${file} already sets ${name} to another value`, {
      path: file,
      hint: `decide which ${name} is right, keep it in ${file}, and remove the other from the config`,
    });
  }
  if (!isPlainValue(value)) {
    throw new DoctorError('DOCTOR_REPAIR_FAILED', `the value of ${name} needs quoting; move it by hand`, {
      path: file,
    });
  }
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const sep = text === '' || text.endsWith('\n') ? '' : '\n';
  const tmp = `${file}.doctor-${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${text}${sep}${name}=${value}\n`, { mode: 0o600, flag: 'w' });
  fs.renameSync(tmp, file);
  if (readDotenv(file).vars[name] !== value) {
    throw new DoctorError('DOCTOR_REPAIR_FAILED', `${name} did not read back from ${file}`, { path: file });
  }
}
