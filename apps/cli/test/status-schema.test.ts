import fs from 'node:fs';
import path from 'node:path';
import { REASON_CODES } from '@clawdbot-auth/credentials';
import { expect, test } from 'vitest';

test('the status schema lists exactly the reason codes of the credentials layer', () => {
  const schema = JSON.parse(
    fs.readFileSync(path.join(import.meta.dirname, '..', 'schemas', 'models-status.schema.json'), 'utf8'),
  );
  expect(schema.definitions.candidate.properties.reasonCode.enum).toEqual([...REASON_CODES]);
  expect(schema.definitions.oauthProfile.properties.reasonCode.enum).toEqual([...REASON_CODES]);
});
