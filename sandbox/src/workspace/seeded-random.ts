/**
 * Randomness that depends only on the seed, so `--seed` reproduces a sandbox's keys, workspace,
 * contacts and id sequence. Not for real secrets: the sandbox's keys only guard a local toy.
 */
import { createHmac } from 'node:crypto';

export class SeededRandom {
  private readonly state: Uint32Array;

  constructor(private readonly seed: string) {
    const digest = hmac(seed, 'stream');
    this.state = new Uint32Array([digest.readUInt32LE(0), digest.readUInt32LE(4), digest.readUInt32LE(8), 1]);
  }

  /** A value fixed by the seed and the label, independent of how much has been drawn so far. */
  derive(label: string, length: number, alphabet: string): string {
    const bytes = hmac(this.seed, `derive:${label}`);
    if (length > bytes.length) throw new Error(`derive gives at most ${bytes.length} characters`);
    let out = '';
    for (let index = 0; index < length; index++) out += alphabet[bytes[index]! % alphabet.length];
    return out;
  }

  /** The next characters of the seed's stream (ids are drawn per delivery, so this is the fast path). */
  next(length: number, alphabet: string): string {
    let out = '';
    for (let index = 0; index < length; index++) out += alphabet[this.nextUint32() % alphabet.length];
    return out;
  }

  /** sfc32: small, fast, and good enough for ids. */
  private nextUint32(): number {
    const s = this.state;
    const result = (s[0]! + s[1]! + s[3]!) >>> 0;
    s[3] = s[3]! + 1;
    s[0] = s[1]! ^ (s[1]! >>> 9);
    s[1] = s[2]! + (s[2]! << 3);
    s[2] = ((s[2]! << 21) | (s[2]! >>> 11)) + result;
    return result;
  }
}

function hmac(seed: string, label: string): Buffer {
  return createHmac('sha256', seed).update(label).digest();
}
