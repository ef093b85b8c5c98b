// biome-ignore-all lint/suspicious/noTemplateCurlyInString: literal ${NAME} references are what these tests feed in.
import { describe, expect, test } from 'vitest';
import { EnvLoaderError, substituteEnvVars } from '../src/index.js';

const env = { KEY: 'sk-live', HOST: 'example.test', EMPTY: '', BLANK: '  ' };

describe('substituteEnvVars', () => {
  test.each([
    ['${KEY}', 'sk-live'],
    ['https://${HOST}/v1?k=${KEY}', 'https://example.test/v1?k=sk-live'],
    ['$${KEY}', '${KEY}'],
    ['$${KEY} and ${KEY}', '${KEY} and sk-live'],
    ['${lower} stays', '${lower} stays'],
    ['no refs', 'no refs'],
  ])('%s -> %s', (input, output) => {
    expect(substituteEnvVars(input, env)).toBe(output);
  });

  test('walks objects and arrays and leaves the input untouched', () => {
    const raw = { models: { providers: { gw: { apiKey: '${KEY}', tags: ['a', '${HOST}'], port: 8 } } } };
    const out = substituteEnvVars(raw, env);
    expect(out.models.providers.gw).toEqual({ apiKey: 'sk-live', tags: ['a', 'example.test'], port: 8 });
    expect(raw.models.providers.gw.apiKey).toBe('${KEY}');
  });

  test.each([
    [
      { models: { providers: { gateway: { apiKey: '${VERCEL_GATEWAY_API_KEY}' } } } },
      'models.providers.gateway.apiKey',
      'VERCEL_GATEWAY_API_KEY',
    ],
    [{ a: { b: ['ok', '${EMPTY}'] } }, 'a.b[1]', 'EMPTY'],
    [{ env: { vars: { X: 'x-${BLANK}' } } }, 'env.vars.X', 'BLANK'],
    [{ profiles: { 'anthropic:work': { note: '${NOPE}' } } }, 'profiles["anthropic:work"].note', 'NOPE'],
  ])('a missing variable names the config path (%#)', (config, configPath, name) => {
    let caught: unknown;
    try {
      substituteEnvVars(config, env);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(EnvLoaderError);
    expect(caught).toMatchObject({ code: 'ENV_VAR_MISSING', configPath, variable: name });
    expect((caught as Error).message).toBe(`${configPath}: \${${name}} is not set`);
    expect((caught as EnvLoaderError).hint).toContain(name);
  });

  test('the spec example message, with a base path', () => {
    expect(() =>
      substituteEnvVars('${VERCEL_GATEWAY_API_KEY}', {}, 'models.providers.gateway.apiKey'),
    ).toThrow('models.providers.gateway.apiKey: ${VERCEL_GATEWAY_API_KEY} is not set');
  });
});
