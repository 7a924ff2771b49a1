/**
 * The sandbox's two API keys, shaped like Clarky's (`ck_live_` + 30 characters = 38), and the
 * check of an Authorization header against them with core's constant-time bearer check.
 */
import { bearerDigest, bearerMatchesDigest } from '@clarky/core';
import type { KeyCheck, KeyScope } from '../http/request-handler';
import { SeededRandom } from './seeded-random';

export interface ApiKeys {
  readonly write: string;
  readonly read: string;
}

const KEY_PREFIX = 'ck_live_';
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Stable per seed, so a restarted sandbox (and the CLI) knows its keys without being told. */
export function deriveKeys(seed: string): ApiKeys {
  const random = new SeededRandom(seed);
  return {
    write: KEY_PREFIX + random.derive('write-key', 30, BASE62),
    read: KEY_PREFIX + random.derive('read-key', 30, BASE62),
  };
}

export class KeyRing implements KeyCheck {
  private readonly digests: ReadonlyArray<{ scope: KeyScope; digest: string }>;

  constructor(keys: ApiKeys) {
    if (keys.write === keys.read) throw new Error('The write key and the read key must differ.');
    this.digests = [
      { scope: 'write', digest: bearerDigest(keys.write) },
      { scope: 'read', digest: bearerDigest(keys.read) },
    ];
  }

  scopeOf(authorization: string | undefined): KeyScope | undefined {
    let found: KeyScope | undefined;
    // Compare with every key, not stopping at the first match, so timing says nothing about which key matched.
    for (const key of this.digests) if (bearerMatchesDigest(authorization, key.digest)) found ??= key.scope;
    return found;
  }
}
