import type { CliEnvironment } from '../../context.js';
import { type HookRunner, loginMethodsFor, runLoginMethod, terminalIO } from './login-methods.js';
import { noTtyError } from './read-secret.js';

/** Commands that do what `add` does without prompts (listed when there is no TTY). */
export const NON_INTERACTIVE_COMMANDS = [
  'clawdbot models auth paste-token --provider <id> < token.txt',
  'clawdbot models auth login --provider <id>',
  'clawdbot models auth setup-token --yes',
  'clawdbot onboard --non-interactive --accept-risk --auth-choice apiKey --anthropic-api-key -',
];

const PROVIDERS = [
  'anthropic',
  'openai',
  'openai-codex',
  'openrouter',
  'google',
  'zai',
  'xai',
  'groq',
  'mistral',
];

export interface AddResult {
  provider: string;
  method: string;
  profileId: string;
}

/**
 * Interactive picker: provider, then method (API key, paste token, a login method, setup-token).
 * @throws NO_TTY
 */
export async function interactiveAdd(
  env: CliEnvironment,
  config: HookRunner,
  print: (l: string) => void,
): Promise<AddResult> {
  if (!process.stdin.isTTY) throw noTtyError('models auth add', NON_INTERACTIVE_COMMANDS);
  const { input, password, select } = await import('@inquirer/prompts');
  const ctx = { output: process.stderr }; // prompts are chatter: stdout keeps the result only
  const picked = await select(
    {
      message: 'Provider',
      choices: [...PROVIDERS.map((p) => ({ name: p, value: p })), { name: 'other…', value: '' }],
    },
    ctx,
  );
  const provider = (picked || (await input({ message: 'Provider id' }, ctx))).trim().toLowerCase();
  const logins = await loginMethodsFor(config, provider);
  const method = await select(
    {
      message: 'Method',
      choices: [
        ...(provider === 'openai-codex' ? [] : [{ name: 'API key', value: 'api-key' }]),
        { name: 'Paste a token', value: 'paste-token' },
        ...logins.map((m) => ({ name: m.label, value: `login:${m.id}` })),
      ],
    },
    ctx,
  );
  if (method.startsWith('login:')) {
    const m = logins.find((x) => `login:${x.id}` === method)!;
    const { profileId } = await runLoginMethod(env, m, terminalIO(print));
    return { provider, method: m.id, profileId };
  }
  const creds = await import('./credentials.js');
  const secret = creds.normalizeSecret(
    await password(
      {
        message: `Paste the ${method === 'api-key' ? 'API key' : 'token'} for ${provider}`,
        mask: false,
      },
      ctx,
    ),
    provider,
  );
  const type = method === 'api-key' ? 'api_key' : 'token';
  const profileId = creds.resolveProfileId(provider, undefined, type === 'api_key' ? 'default' : 'manual');
  const saved = await creds.saveCredential(env, { provider, profileId, type, secret });
  print(creds.renderSaved(env, saved));
  return { provider, method, profileId };
}
