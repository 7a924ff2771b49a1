/** The secret Clarky sends back on every delivery, so that only Clarky can start the workflow. */
import { createHash, randomBytes, timingSafeEqual } from 'crypto';

/** 32 random bytes, URL-safe: fits Clarky's bearer_token and an HTTP header unchanged. */
export function newBearerToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Whether an Authorization header carries exactly `Bearer <expected>`. Both sides are hashed first,
 * so the comparison takes the same time whatever the lengths and wherever they differ.
 */
export function bearerMatches(authorization: string | string[] | undefined, expected: string): boolean {
  if (typeof authorization !== 'string' || expected === '') return false;
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(authorization);
  const presented = match?.[1] ?? '';
  return timingSafeEqual(digest(presented), digest(expected)) && presented !== '';
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}
