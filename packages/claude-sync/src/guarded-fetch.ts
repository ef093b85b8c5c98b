/**
 * fetch for requests that carry a credential (token endpoint, model APIs, probes):
 * - never follows a redirect: a 3xx is refused with the origin it pointed at, so a key or a
 *   refresh token is never re-sent to another origin nor downgraded from HTTPS to HTTP;
 * - reads at most `maxBytes` of the body: a hostile or broken server cannot make us buffer
 *   without bound.
 */

/** Cap of a token-endpoint answer: a grant is a few KiB. */
export const TOKEN_RESPONSE_MAX_BYTES = 64 * 1024;
/** Cap of a model reply: generous for a long answer, bounded for a hostile server. */
export const MODEL_REPLY_MAX_BYTES = 8 * 1024 * 1024;

/** Why a guarded request produced no usable body. */
export type GuardFailure =
  | { kind: 'redirect'; status: number; message: string }
  | { kind: 'too_large'; status: number; message: string };

export type GuardedResponse = { ok: true; res: Response; text: string } | ({ ok: false } & GuardFailure);

/** `https://host:port` of a Location header, or a placeholder when it cannot be parsed. */
function originOf(location: string | null, base: string): string {
  try {
    return new URL(location ?? '', base).origin;
  } catch {
    return 'an unparsable location';
  }
}

/** The body as text, or undefined once it passes `maxBytes` (the rest is not read). */
async function readCapped(res: Response, maxBytes: number): Promise<string | undefined> {
  const declared = Number(res.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await res.body?.cancel().catch(() => {});
    return undefined;
  }
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * One request with a credential: no redirect followed, body capped.
 * @throws what fetch throws (network errors, timeouts), never for a redirect or a large body
 */
export async function fetchGuarded(
  url: string,
  init: RequestInit,
  maxBytes: number,
): Promise<GuardedResponse> {
  const res = await fetch(url, { ...init, redirect: 'manual' });
  if (res.status >= 300 && res.status < 400) {
    await res.body?.cancel().catch(() => {});
    const to = originOf(res.headers.get('location'), url);
    return {
      ok: false,
      kind: 'redirect',
      status: res.status,
      message: `${new URL(url).origin} answered with a redirect (HTTP ${res.status}) to ${to}; refused: credentials never follow a redirect`,
    };
  }
  const text = await readCapped(res, maxBytes);
  if (text === undefined) {
    return {
      ok: false,
      kind: 'too_large',
      status: res.status,
      message: `${new URL(url).origin} sent more than ${maxBytes >= 1024 * 1024 ? `${maxBytes / 1024 / 1024} MiB` : `${maxBytes / 1024} KiB`}; refused`,
    };
  }
  return { ok: true, res, text };
}
