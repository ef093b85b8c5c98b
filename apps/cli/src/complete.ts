/**
 * Shell completion: `clawdbot __complete --line "<the command line up to the cursor>"` prints
 * one candidate per line for the word under the cursor: command words and flags from
 * oclif.manifest.json, provider ids (the provider table plus the store's providers) after
 * `--provider`, and the user's own profile ids after `--profile-id`, as `order set` arguments
 * and as the positional id of `remove`, `refresh`, `logout` and `cooldown clear`. It never
 * prints an error (a shell is waiting) and never loads oclif. The scripts that call it are
 * printed by `clawdbot completion bash|zsh`.
 */
import type { Manifest } from './fast-path.js';

const PROVIDER_FLAGS = new Set(['--provider', '--probe-provider']);
const PROFILE_FLAGS = new Set(['--profile-id', '--probe-profile']);
/** Commands whose positional arguments are profile ids. */
const PROFILE_ARGS = new Set([
  'models:auth:order:set',
  'models:auth:remove',
  'models:auth:refresh',
  'models:auth:logout',
  'models:auth:cooldown:clear',
]);

/** The words of a command line (whitespace split, quotes dropped) and the one being typed. */
export function splitLine(line: string): { words: string[]; current: string } {
  const parts = line.replace(/^\s*\S+/, '').split(/\s+/);
  const current = (parts.pop() ?? '').replace(/^["']/, '');
  return { words: parts.filter(Boolean).map((w) => w.replace(/^["']|["']$/g, '')), current };
}

function flagValue(words: readonly string[], name: string): string | undefined {
  for (let i = words.length - 2; i >= 0; i--) {
    if (words[i] === name) return words[i + 1];
    if (words[i]?.startsWith(`${name}=`)) return words[i]?.slice(name.length + 1);
  }
  return undefined;
}

/** Candidates for the word being typed, given what the store holds. */
export function completeWords(
  words: readonly string[],
  current: string,
  manifest: Manifest,
  known: { providers: readonly string[]; profiles: readonly { id: string; provider: string }[] },
): string[] {
  const ids = Object.keys(manifest.commands);
  const path: string[] = [];
  for (const w of words) {
    if (w.startsWith('-')) break;
    const next = [...path, w].join(':');
    if (!ids.some((id) => id === next || id.startsWith(`${next}:`))) break;
    path.push(w);
  }
  const id = path.join(':');
  const command = manifest.commands[id];
  const prev = words.at(-1) ?? '';
  const provider = flagValue(words, '--provider')?.toLowerCase();
  const profiles = () => known.profiles.filter((p) => !provider || p.provider === provider).map((p) => p.id);
  let out: string[];
  if (PROVIDER_FLAGS.has(prev)) out = [...known.providers];
  else if (PROFILE_FLAGS.has(prev)) out = profiles();
  else if (prev.startsWith('--') && command?.flags[prev.slice(2)]?.type === 'option') out = [];
  else if (current.startsWith('-'))
    out = Object.entries(command?.flags ?? {})
      .filter(([, f]) => !(f as { hidden?: boolean }).hidden)
      .map(([name]) => `--${name}`);
  else if (PROFILE_ARGS.has(id)) out = profiles().filter((p) => !words.includes(p));
  else {
    const depth = path.length;
    out = [
      ...new Set(
        ids
          .map((c) => c.split(':'))
          .filter((parts) => parts.length > depth && path.every((w, i) => parts[i] === w))
          .map((parts) => parts[depth] as string),
      ),
    ];
  }
  return out.filter((c) => c.startsWith(current)).sort();
}

/** `clawdbot __complete --line <line>`: prints the candidates; always exit 0. */
export async function runComplete(argv: readonly string[], manifestPath: URL): Promise<void> {
  try {
    const i = argv.indexOf('--line');
    const { words, current } = splitLine(i >= 0 ? (argv[i + 1] ?? '') : argv.slice(1).join(' '));
    const { readFileSync } = process.getBuiltinModule('node:fs');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
    const known = { providers: [] as string[], profiles: [] as { id: string; provider: string }[] };
    const needsStore = ['--provider', '--probe-provider', '--profile-id', '--probe-profile'].includes(
      words.at(-1) ?? '',
    );
    if (needsStore || words.some((w) => !w.startsWith('-'))) {
      const { loadCliEnvironment } = await import('./context.js');
      const { PROVIDER_ENV_VARS } = await import('@clawdbot-auth/env-loader');
      const { readStore } = await import('@clawdbot-auth/auth-store');
      const env = await loadCliEnvironment({ agent: flagValue(words, '--agent') });
      const view = await readStore(env.ctx, env.agentId);
      known.profiles = Object.entries(view.store.profiles).map(([id, c]) => ({
        id,
        provider: c.provider.toLowerCase(),
      }));
      known.providers = [
        ...new Set([...Object.keys(PROVIDER_ENV_VARS), ...known.profiles.map((p) => p.provider)]),
      ];
    }
    const out = completeWords(words, current, manifest, known);
    if (out.length) process.stdout.write(`${out.join('\n')}\n`);
  } catch {
    // a shell is waiting for candidates: no error text, no candidates
  }
}

/** What `clawdbot completion bash|zsh` prints. */
export function completionScript(shell: 'bash' | 'zsh', bin = 'clawdbot'): string {
  if (shell === 'zsh') {
    return `#compdef ${bin}
# ${bin} completion for zsh: eval "$(${bin} completion zsh)" in ~/.zshrc
_${bin}() {
  local -a candidates
  candidates=("\${(@f)$(${bin} __complete --line "\${LBUFFER}" 2>/dev/null)}")
  compadd -- "\${candidates[@]}"
}
compdef _${bin} ${bin}
`;
  }
  return `# ${bin} completion for bash: eval "$(${bin} completion bash)" in ~/.bashrc
_${bin}_complete() {
  local line="\${COMP_LINE:0:COMP_POINT}" IFS=$'\\n'
  local cur="\${line##*[[:space:]]}"
  # bash splits words at ':', so strip what precedes the word being completed
  local before="\${cur%"\${cur##*:}"}"
  COMPREPLY=( $(${bin} __complete --line "$line" 2>/dev/null) )
  local i
  for i in "\${!COMPREPLY[@]}"; do COMPREPLY[i]="\${COMPREPLY[i]#"$before"}"; done
}
complete -o default -F _${bin}_complete ${bin}
`;
}
