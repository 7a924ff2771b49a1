/** The known variable a misspelt placeholder most likely meant, for "Did you mean {{firstName}}?". */
import { VARIABLE_NAMES, type VariableName } from '../variables';

/** Case, underscores and spaces don't matter: `first_name`, `FirstName` and `first name` all mean firstName. */
function normalise(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

const known = VARIABLE_NAMES.map((name) => ({ name, key: normalise(name) }));

/** Edit distance counting a swap of two neighbours as one edit (optimal string alignment). */
function editDistance(a: string, b: string): number {
  let beforePrevious: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, (beforePrevious[j - 2] ?? 0) + 1);
      }
      current.push(best);
    }
    beforePrevious = previous;
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/**
 * The closest known name: the same name in another case or spelling style, else the nearest by edit distance
 * (within 40% of the longer name), else the only name containing it or contained in it (`phone` -> phoneNumber).
 */
export function closestVariable(name: string): VariableName | undefined {
  const key = normalise(name);
  if (key === '') return undefined;
  const same = known.find((candidate) => candidate.key === key);
  if (same) return same.name;

  let nearest: VariableName | undefined;
  let nearestDistance = Infinity;
  for (const candidate of known) {
    const distance = editDistance(key, candidate.key);
    const allowed = Math.max(1, Math.floor(Math.max(key.length, candidate.key.length) * 0.4));
    if (distance <= allowed && distance < nearestDistance) {
      nearest = candidate.name;
      nearestDistance = distance;
    }
  }
  if (nearest) return nearest;

  if (key.length < 3) return undefined;
  const overlapping = known.filter((candidate) => candidate.key.includes(key) || key.includes(candidate.key));
  return overlapping.length === 1 ? overlapping[0]?.name : undefined;
}
