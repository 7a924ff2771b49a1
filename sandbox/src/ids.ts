/** Clarky-looking identifiers: a prefix and a ULID (48-bit time, then 80 random bits, Crockford base32). */
import type { SeededRandom } from './seeded-random';

export const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const HEX = '0123456789abcdef';

export type IdPrefix = 'wh' | 'c' | 'evt' | 'dl';

function ulid(random: SeededRandom): string {
  let timePart = '';
  for (let rest = Date.now(), index = 0; index < 10; index++, rest = Math.floor(rest / 32)) {
    timePart = CROCKFORD[rest % 32] + timePart;
  }
  return timePart + random.next(16, CROCKFORD);
}

export function prefixedId(prefix: IdPrefix, random: SeededRandom): string {
  return `${prefix}_${ulid(random)}`;
}

/** A version-4-shaped UUID from the seed: contacts carry UUIDs in Clarky. */
export function uuid(random: SeededRandom, label: string): string {
  const hex = random.derive(label, 32, HEX);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
