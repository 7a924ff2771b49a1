/**
 * The secret that proves a delivery came from Clarky: made at subscribe time, stored by Zapier
 * as subscribe data, sent back by Clarky as `Authorization: Bearer <token>` on every delivery.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const TOKEN_BYTES = 32;

export function newHookToken(): string {
  return randomBytes(TOKEN_BYTES).toString('base64url');
}

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

/** Constant time: both sides are hashed to equal-length digests before comparing. */
export function isExpectedAuthorization(received: string | undefined, token: string | undefined): boolean {
  if (received === undefined || !token) return false;
  return timingSafeEqual(digest(received), digest(`Bearer ${token}`));
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}
