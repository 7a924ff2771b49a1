/**
 * Zapier's side of the delivery check: where the Authorization header of a hook request is. The token itself is
 * made and compared by core (bearer.ts).
 */

/**
 * Zapier hands a hook's headers over with an `Http-` prefix in Title Case (`Http-Authorization`);
 * the plain name is accepted too, and case never matters.
 */
export function authorizationHeader(headers: Readonly<Record<string, unknown>> | undefined): string | undefined {
  for (const [name, value] of Object.entries(headers ?? {})) {
    const lower = name.toLowerCase();
    if ((lower === 'http-authorization' || lower === 'authorization') && typeof value === 'string') return value;
  }
  return undefined;
}
