/** Clarky-looking identifiers: a prefix and a ULID (48-bit time, then 80 random bits, Crockford base32). */
import type { SeededRandom } from './seeded-random';

export const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const HEX = '0123456789abcdef';

/** Clarky's documented prefixes (co_ companies, p_ pipelines, ps_ stages) and the sandbox's own for the rest. */
export type IdPrefix = 'wh' | 'c' | 'evt' | 'dl' | 'co' | 'p' | 'ps' | 'act' | 'seq' | 'st';

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

/** An id fixed by the seed and the label: seeded records keep theirs however many ids were drawn before. */
export function seededId(prefix: IdPrefix, random: SeededRandom, label: string): string {
  return `${prefix}_01H${random.derive(label, 23, CROCKFORD)}`;
}

/** A version-4-shaped UUID fixed by the seed and the label: contacts carry UUIDs in Clarky. */
export function uuid(random: SeededRandom, label: string): string {
  return uuidShape(random.derive(label, 32, HEX));
}

/** A fresh version-4-shaped UUID from the seed's stream, for contacts created through the API. */
export function nextUuid(random: SeededRandom): string {
  return uuidShape(random.next(32, HEX));
}

function uuidShape(hex: string): string {
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
