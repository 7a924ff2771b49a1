/**
 * Clarky's company `domain` filter is an exact match on the bare domain (`alpineskihouse.example`), while Zaps
 * carry whatever a form or a CRM holds: `https://www.alpineskihouse.example/contact`, `www.…`, `…/`. This reads
 * the bare domain out of any of them.
 */
export function bareDomain(text: string): string {
  const trimmed = text.trim();
  if (trimmed === '') return trimmed;
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`;
  let host: string;
  try {
    host = new URL(withScheme).hostname;
  } catch {
    // Not readable as an address: Clarky gets it as typed, and finds nothing rather than something else.
    return trimmed;
  }
  return host
    .toLowerCase()
    .replace(/^www\./, '')
    .replace(/\.$/, '');
}
