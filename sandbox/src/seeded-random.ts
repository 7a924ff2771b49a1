/**
 * Randomness that depends only on the seed, so `--seed` reproduces a sandbox's keys, workspace,
 * contacts and id sequence. Not for real secrets: the sandbox's keys only guard a local toy.
 */
import { createHmac } from 'node:crypto';

export class SeededRandom {
  private counter = 0;
  private pool = Buffer.alloc(0);

  constructor(private readonly seed: string) {}

  /** A value fixed by the seed and the label, independent of how much has been drawn so far. */
  derive(label: string, length: number, alphabet: string): string {
    return pick(hmacStream(this.seed, `derive:${label}`, length), alphabet, length);
  }

  /** The next characters of the seed's stream. */
  next(length: number, alphabet: string): string {
    while (this.pool.length < length) {
      this.pool = Buffer.concat([this.pool, hmac(this.seed, `stream:${this.counter++}`)]);
    }
    const bytes = this.pool.subarray(0, length);
    this.pool = this.pool.subarray(length);
    return pick(bytes, alphabet, length);
  }
}

function hmac(seed: string, label: string): Buffer {
  return createHmac('sha256', seed).update(label).digest();
}

function hmacStream(seed: string, label: string, length: number): Buffer {
  const blocks: Buffer[] = [];
  for (let block = 0; blocks.length * 32 < length; block++) blocks.push(hmac(seed, `${label}:${block}`));
  return Buffer.concat(blocks);
}

/** One character per byte; the modulo bias is irrelevant for ids in a local sandbox. */
function pick(bytes: Buffer, alphabet: string, length: number): string {
  let out = '';
  for (let index = 0; index < length; index++) out += alphabet[bytes[index]! % alphabet.length];
  return out;
}
