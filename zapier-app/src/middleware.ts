/** Adds the connection's API key to requests bound for Clarky, and only those. */
import type { BeforeRequestMiddleware } from 'zapier-platform-core';
import { clarkyBaseUrl } from './base-url';

export const addApiKey: BeforeRequestMiddleware = (request, _z, bundle) => {
  const apiKey = bundle.authData?.api_key;
  // The key must never travel to another host, whatever URL a request ends up with.
  if (apiKey && isClarkyUrl(request.url)) {
    request.headers = { ...request.headers, Authorization: `Bearer ${apiKey}` };
  }
  return request;
};

function isClarkyUrl(url: string): boolean {
  const base = clarkyBaseUrl();
  return url === base || url.startsWith(`${base}/`) || url.startsWith(`${base}?`);
}
