// An oclif hook for `auth:login-methods`. clawdbot runs it for `models auth login --provider <id>`
// (and the `models auth add` picker) with `{ provider }`, and offers every method it returns.
// A method's run(ctx, io, { agentId }) either stores the credential itself and returns
// { profileId }, or returns { profileId, credential } and clawdbot stores it (auth store +
// config auth.profiles). Never print a secret: io.print goes to the user's terminal.

/** @type {(opts: { provider: string }) => Promise<unknown[]>} */
export default async function loginMethods(opts) {
  if (opts.provider !== 'example') return [];
  return [
    {
      provider: 'example',
      id: 'device-code',
      label: 'Example device-code login',
      async run(_ctx, io) {
        io.print('Open https://example.invalid/device and enter the code shown there.');
        const code = (await io.prompt('Code from the device page', { hidden: true })).trim();
        if (!code)
          throw Object.assign(new Error('no code entered'), {
            code: 'EXAMPLE_NO_CODE',
            hint: 'clawdbot models auth login --provider example',
          });
        // A real plugin would exchange the code at its provider here.
        return {
          profileId: 'example:device',
          credential: { type: 'token', provider: 'example', token: `example-token-${code}` },
        };
      },
    },
  ];
}
