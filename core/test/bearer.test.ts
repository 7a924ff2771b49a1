import { bearerCredential, bearerDigest, bearerMatches, bearerMatchesDigest, newBearerToken } from '../src/bearer';

describe('bearer tokens', () => {
  it('makes a fresh URL-safe token of 32 random bytes each time', () => {
    const tokens = new Set(Array.from({ length: 50 }, () => newBearerToken()));
    expect(tokens.size).toBe(50);
    for (const token of tokens) {
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    }
  });

  it('reads the credential of a Bearer header, the scheme in any case', () => {
    expect(bearerCredential('Bearer abc')).toBe('abc');
    expect(bearerCredential('bearer  abc ')).toBe('abc');
    expect(bearerCredential('Basic YWJj')).toBeUndefined();
    expect(bearerCredential('Bearer')).toBeUndefined();
    expect(bearerCredential('Bearer a b')).toBeUndefined();
    expect(bearerCredential(undefined)).toBeUndefined();
    expect(bearerCredential(['Bearer abc'])).toBeUndefined();
  });

  it('accepts exactly the expected token and nothing else', () => {
    const token = newBearerToken();
    expect(bearerMatches(`Bearer ${token}`, token)).toBe(true);
    expect(bearerMatches(`Bearer ${token}x`, token)).toBe(false);
    expect(bearerMatches(`Bearer ${token.slice(1)}`, token)).toBe(false);
    expect(bearerMatches(token, token)).toBe(false);
    expect(bearerMatches(undefined, token)).toBe(false);
    expect(bearerMatches('Bearer ', token)).toBe(false);
    // No expected token (subscription data lost) never matches, not even an empty credential.
    expect(bearerMatches('Bearer x', undefined)).toBe(false);
    expect(bearerMatches('Bearer x', '')).toBe(false);
  });

  it('checks deliveries against a digest stored by 0.1.0: a saved workflow keeps its registration', () => {
    // Written by 0.1.0 into a workflow's static data for this token (n8n keeps it across upgrades).
    const token = 'pX2nU8qL5rT0vW3yZ6aB9cD2eF5gH8jK1mN4pQ7sT0u';
    const storedBy010 = 'c33ca4418bd902e8274a45378b3871c2ab8844a6355d357cade29796bac48d10';
    expect(bearerMatchesDigest(`Bearer ${token}`, storedBy010)).toBe(true);
    expect(bearerDigest(token)).toBe(storedBy010);
  });

  it('keeps a digest that checks the token but is not the token', () => {
    const token = newBearerToken();
    const digest = bearerDigest(token);
    expect(digest).not.toContain(token);
    expect(bearerMatchesDigest(`Bearer ${token}`, digest)).toBe(true);
    // The digest itself is no credential: a stolen copy of what is stored forges nothing.
    expect(bearerMatchesDigest(`Bearer ${digest}`, digest)).toBe(false);
    expect(bearerMatchesDigest(`Bearer ${token}x`, digest)).toBe(false);
    expect(bearerMatchesDigest(undefined, digest)).toBe(false);
    expect(bearerMatchesDigest(`Bearer ${token}`, undefined)).toBe(false);
    expect(bearerMatchesDigest(`Bearer ${token}`, digest.slice(2))).toBe(false);
    expect(bearerMatchesDigest(`Bearer ${token}`, 'not hex')).toBe(false);
  });
});
