/**
 * Fixture secrets: recognisable, unique per call, and listed so a test can assert that none
 * of them reached stdout, stderr or a log.
 */
let counter = 0;
const made = new Set<string>();

function mint(prefix: string): string {
  counter += 1;
  const body = `${Date.now().toString(36)}${counter.toString(36)}`.padEnd(16, 'x');
  const s = `${prefix}FIXTURE${body}SECRETtail${counter}`;
  made.add(s);
  return s;
}

export const fixtureSecret = {
  anthropicApiKey: () => mint('sk-ant-api03-'),
  anthropicOAuthAccess: () => mint('sk-ant-oat01-'),
  anthropicOAuthRefresh: () => mint('sk-ant-ort01-'),
  openaiApiKey: () => mint('sk-proj-'),
  openrouterApiKey: () => mint('sk-or-v1-'),
  opaque: () => mint('tok-'),
};

/** Every fixture secret minted so far in this process. */
export function allFixtureSecrets(): string[] {
  return [...made];
}

/** The fixture secrets (or the given ones) that appear in `text`, also as 12+ char fragments of their tail. */
export function leakedSecrets(text: string, secrets: Iterable<string> = made): string[] {
  const out: string[] = [];
  for (const s of secrets) {
    const tail = s.slice(-12);
    if (text.includes(s) || text.includes(tail)) out.push(s);
  }
  return out;
}

/**
 * Sliding-window leak check: the secrets of which any `width`-character run (past the public
 * kind prefix, which redacted forms may show) appears in `text`. Stricter than leakedSecrets:
 * it also catches a secret cut in pieces or shown with its ends trimmed.
 */
export function leakedWindows(text: string, secrets: Iterable<string>, width = 12): string[] {
  const out: string[] = [];
  for (const s of secrets) {
    const start = Math.max(0, s.indexOf('FIXTURE'));
    for (let i = start; i + width <= s.length; i++) {
      if (text.includes(s.slice(i, i + width))) {
        out.push(s);
        break;
      }
    }
  }
  return out;
}
