/**
 * Compares a released contract with the one read off the built package. Both are plain JSON trees; the rules are the
 * same at every depth, so one walk serves the n8n package and the Zapier app:
 * - an object key that is gone was removed or renamed: breaking;
 * - a list of names (option values, output fields, credentials) that lost one: breaking; that gained one: an addition;
 * - any other value that differs changed meaning: breaking (a `default` is one value, whatever its shape: n8n does
 *   not save a parameter left at its default), except `required` going from true to false (a saved workflow or Zap
 *   that gives the value still works), which is a compatible change;
 * - a key that is new: an addition.
 * Additions are fine once the contract file records them; breaking changes never are.
 */
export type ContractValue = string | number | boolean | null | readonly ContractValue[] | ContractTree;
export interface ContractTree {
  readonly [key: string]: ContractValue;
}

export interface ContractDiff {
  /** What saved work relies on and the build no longer gives. */
  readonly breaking: string[];
  /** What the build gives beyond the contract: compatible, to be recorded. */
  readonly additions: string[];
}

const isTree = (value: ContractValue | undefined): value is ContractTree =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const show = (value: ContractValue | undefined) => JSON.stringify(value);

export function compareContracts(released: ContractTree, built: ContractTree): ContractDiff {
  const diff: ContractDiff = { breaking: [], additions: [] };
  walk(released, built, [], diff);
  return diff;
}

function walk(released: ContractTree, built: ContractTree, path: readonly string[], diff: ContractDiff): void {
  for (const [key, was] of Object.entries(released)) {
    const at = [...path, key];
    const where = at.join(' › ');
    const now = built[key];
    if (now === undefined) diff.breaking.push(`${where}: removed (or renamed)`);
    else if (key === 'default') {
      if (show(was) !== show(now)) diff.breaking.push(`${where}: ${show(was)} is now ${show(now)}`);
    } else if (isTree(was) && isTree(now)) walk(was, now, at, diff);
    else if (Array.isArray(was) && Array.isArray(now)) {
      const lost = was.filter((item) => !now.some((other) => show(other) === show(item)));
      const gained = now.filter((item) => !was.some((other) => show(other) === show(item)));
      if (lost.length > 0) diff.breaking.push(`${where}: ${lost.map(show).join(', ')} removed (or renamed)`);
      if (gained.length > 0) diff.additions.push(`${where}: ${gained.map(show).join(', ')} added`);
    } else if (show(was) !== show(now)) {
      const relaxed = key === 'required' && was === true && now === false;
      (relaxed ? diff.additions : diff.breaking).push(`${where}: ${show(was)} is now ${show(now)}`);
    }
  }
  for (const key of Object.keys(built)) {
    if (!(key in released)) diff.additions.push(`${[...path, key].join(' › ')}: added`);
  }
}
