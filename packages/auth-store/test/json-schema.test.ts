import { describe, expect, test } from 'vitest';
import { authStoreJsonSchema } from '../src/json-schema.js';

type Node = { properties?: Record<string, Node>; required?: string[]; oneOf?: Node[]; const?: unknown };

describe('authStoreJsonSchema (the ./json-schema entry)', () => {
  test('describes each credential type with the fields it requires', () => {
    const schema = authStoreJsonSchema() as Node & {
      properties: Record<string, { additionalProperties: Node }>;
    };
    const kinds = schema.properties.profiles?.additionalProperties.oneOf ?? [];
    const byType = Object.fromEntries(kinds.map((k) => [k.properties?.type?.const, k.required]));
    expect(Object.keys(byType)).toEqual(['api_key', 'token', 'oauth']);
    expect(byType.oauth).toEqual(
      expect.arrayContaining(['type', 'access', 'refresh', 'expires', 'provider']),
    );
    expect(byType.api_key).toEqual(['type', 'provider']);
    // references are described for the key kinds, as later upstream writes them
    expect(kinds[0]?.properties?.keyRef?.required).toEqual(['source', 'id']);
  });
});
