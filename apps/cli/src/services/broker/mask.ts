import { Transform, type TransformCallback } from 'node:stream';

/** What a secret in the child's output is replaced with. */
export const MASK = '<concealed by clawdbot>';

/**
 * Replaces every occurrence of the secrets in a byte stream, also when one is split across
 * writes: the longest tail of the output that could start a secret is held back until the next
 * chunk (or the end) decides. Everything else passes through at once.
 */
export class SecretMask extends Transform {
  private readonly secrets: Buffer[];
  private readonly mask: Buffer = Buffer.from(MASK);
  private pending: Buffer = Buffer.alloc(0);

  constructor(secrets: readonly string[]) {
    super();
    this.secrets = [...new Set(secrets.filter((s) => s.length > 0))]
      .map((s) => Buffer.from(s))
      .sort((a, b) => b.length - a.length);
  }

  override _transform(chunk: Buffer | string, _enc: BufferEncoding, done: TransformCallback): void {
    const buf = Buffer.concat([this.pending, Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk)]);
    const replaced = this.replaceAll(buf);
    const hold = this.partialTail(replaced);
    this.pending = replaced.subarray(replaced.length - hold);
    if (replaced.length > hold) this.push(replaced.subarray(0, replaced.length - hold));
    done();
  }

  override _flush(done: TransformCallback): void {
    if (this.pending.length > 0) this.push(this.pending);
    this.pending = Buffer.alloc(0);
    done();
  }

  private replaceAll(buf: Buffer): Buffer {
    let out: Buffer = buf;
    for (const secret of this.secrets) {
      let at = out.indexOf(secret);
      if (at < 0) continue;
      const parts: Buffer[] = [];
      let from = 0;
      while (at >= 0) {
        parts.push(out.subarray(from, at), this.mask);
        from = at + secret.length;
        at = out.indexOf(secret, from);
      }
      parts.push(out.subarray(from));
      out = Buffer.concat(parts);
    }
    return out;
  }

  /** Length of the longest suffix of `buf` that is a proper prefix of some secret. */
  private partialTail(buf: Buffer): number {
    let best = 0;
    for (const secret of this.secrets) {
      const max = Math.min(secret.length - 1, buf.length);
      for (let n = max; n > best; n--) {
        if (buf.subarray(buf.length - n).equals(secret.subarray(0, n))) {
          best = n;
          break;
        }
      }
    }
    return best;
  }
}
