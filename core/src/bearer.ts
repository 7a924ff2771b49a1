/**
 * Bearer secrets: the token a plugin gives Clarky when it subscribes (Clarky sends it back on every delivery) and
 * the check of an Authorization header against a known secret, in constant time.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** 32 random bytes, URL-safe: fits Clarky's bearer_token and an HTTP header unchanged. */
export function newBearerToken(): string {
  return randomBytes(32).toString('base64url');
}

/** The credential of an `Authorization: Bearer <credential>` header (scheme in any case); undefined otherwise. */
export function bearerCredential(authorization: unknown): string | undefined {
  if (typeof authorization !== 'string') return undefined;
  return /^Bearer\s+(\S+)\s*$/i.exec(authorization)?.[1];
}

/**
 * A fixed-length digest of a secret. Comparing digests with timingSafeEqual takes the same time whatever the
 * lengths of the two secrets and wherever they differ.
 */
export function secretDigest(secret: string): Buffer {
  return createHash('sha256').update(secret, 'utf8').digest();
}

/** What a plugin keeps at rest instead of the token (hex SHA-256): enough to check a delivery, useless to forge one. */
export function bearerDigest(token: string): string {
  return secretDigest(token).toString('hex');
}

/** Whether an Authorization header carries exactly `Bearer <expected>`, compared in constant time. */
export function bearerMatches(authorization: unknown, expected: string | undefined): boolean {
  return expected ? bearerMatchesDigest(authorization, bearerDigest(expected)) : false;
}

/** Whether an Authorization header carries exactly `Bearer <token>` for the token of `expectedDigest` (bearerDigest). */
export function bearerMatchesDigest(authorization: unknown, expectedDigest: string | undefined): boolean {
  const expected = Buffer.from(expectedDigest ?? '', 'hex');
  if (expected.length !== DIGEST_BYTES) return false;
  const presented = bearerCredential(authorization);
  // Always compare, even without a credential, so a missing header takes as long as a wrong one.
  return timingSafeEqual(secretDigest(presented ?? ''), expected) && presented !== undefined;
}

const DIGEST_BYTES = 32;
