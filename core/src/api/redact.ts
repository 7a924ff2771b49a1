/**
 * Secrets (the API key, a webhook's bearer token) must never leave the client inside an error.
 * Clarky, a proxy or a host's HTTP helper may echo them back, so every text that goes into an
 * error passes through here first.
 */
export const REDACTED = '[redacted]';

export type Redact = <T>(value: T) => T;

/** Replaces every occurrence of each secret in every string of `value` (objects and arrays deeply). */
export function createRedactor(secrets: readonly (string | null | undefined)[]): Redact {
  // Longest first, so a secret that contains another is replaced whole.
  const known = [...new Set(secrets.filter((secret): secret is string => typeof secret === 'string' && secret !== ''))];
  known.sort((a, b) => b.length - a.length);
  if (known.length === 0) return (value) => value;

  const redactText = (text: string): string =>
    known.reduce((result, secret) => result.split(secret).join(REDACTED), text);
  const redactValue = (value: unknown, seen: WeakSet<object>): unknown => {
    if (typeof value === 'string') return redactText(value);
    if (typeof value !== 'object' || value === null || seen.has(value)) return value;
    seen.add(value);
    if (Array.isArray(value)) return value.map((item) => redactValue(item, seen));
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [redactText(key), redactValue(item, seen)] as const),
    );
  };
  return <T>(value: T) => redactValue(value, new WeakSet()) as T;
}
