/**
 * Semantic versions (semver.org 2.0.0) as the release scripts need them: recognise one, and order two. Build
 * metadata (`+...`) is not used by this repository's tags, so it is not accepted.
 */

/** `X.Y.Z` or `X.Y.Z-prerelease`, as a regular-expression source (no anchors). */
export const SEMVER = String.raw`\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?`;

export const isVersion = (text: string): boolean => new RegExp(`^${SEMVER}$`).test(text);

/** Negative when `a` comes before `b`, positive after, 0 when equal; a pre-release comes before its release. */
export function compareVersions(a: string, b: string): number {
  const [coreA, preA] = splitVersion(a);
  const [coreB, preB] = splitVersion(b);
  for (let index = 0; index < 3; index++) {
    if (coreA[index] !== coreB[index]) return coreA[index]! - coreB[index]!;
  }
  if (preA.length === 0 || preB.length === 0) return preB.length - preA.length;
  for (let index = 0; index < Math.min(preA.length, preB.length); index++) {
    const order = compareIdentifiers(preA[index]!, preB[index]!);
    if (order !== 0) return order;
  }
  return preA.length - preB.length;
}

function splitVersion(version: string): [number[], string[]] {
  if (!isVersion(version)) throw new Error(`"${version}" is not a version X.Y.Z (or X.Y.Z-pre.1)`);
  const [core, ...pre] = version.split('-');
  return [core!.split('.').map(Number), pre.length === 0 ? [] : pre.join('-').split('.')];
}

// Numeric identifiers compare as numbers and come before alphanumeric ones (semver.org, rule 11).
function compareIdentifiers(a: string, b: string): number {
  const numericA = /^\d+$/.test(a);
  const numericB = /^\d+$/.test(b);
  if (numericA && numericB) return Number(a) - Number(b);
  if (numericA !== numericB) return numericA ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}
