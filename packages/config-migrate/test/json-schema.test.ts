import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { buildConfigJsonSchema, configJsonSchema } from '../src/json-schema.js';

const shipped = join(dirname(fileURLToPath(import.meta.url)), '..', 'schema', 'clawdbot-config.schema.json');

describe('configJsonSchema', () => {
  test('describes the owned keys and allows unknown ones', () => {
    const schema = JSON.parse(JSON.stringify(configJsonSchema));
    expect(schema.type).toBe('object');
    expect(Object.keys(schema.properties)).toEqual(['auth', 'env', 'agents', 'models', 'secrets']);
    expect(schema.additionalProperties).toEqual({});
    const profile = schema.properties.auth.properties.profiles.additionalProperties;
    expect(profile.properties.mode.enum).toEqual(['api_key', 'oauth', 'token']);
    expect(profile.required).toEqual(['provider', 'mode']);
    expect(schema.properties.auth.properties.secrets.properties.storage.enum).toEqual(['keyring', 'file']);
    const provider = schema.properties.secrets.properties.providers.additionalProperties;
    expect(
      provider.oneOf.map((p: { properties: { source: { const: string } } }) => p.properties.source.const),
    ).toEqual(['env', 'file', 'exec']);
  });

  test('is a plain, cloneable object with exactly the generated top-level keys', () => {
    expect(Object.keys(configJsonSchema)).toEqual(Object.keys(buildConfigJsonSchema()));
    expect(structuredClone(configJsonSchema)).toEqual(buildConfigJsonSchema());
  });

  test('the shipped ./schema.json matches the zod schema (rebuild if this fails)', () => {
    expect(JSON.parse(readFileSync(shipped, 'utf8'))).toEqual(buildConfigJsonSchema());
  });
});
