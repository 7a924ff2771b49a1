/**
 * A contact's or a company's primary email and phone number beside Clarky's lists, so a Zap maps "Primary Email"
 * instead of the line item "Emails Email". Always present (null when Clarky has none): a live answer and the
 * sample then have the same keys.
 */
import { primaryOf } from '@clarky/core';

type Entry = { readonly is_primary: boolean } & Readonly<Record<string, unknown>>;

export function withPrimaryDetails<T extends object>(
  record: T,
): T & { primary_email: string | null; primary_phone_number: string | null } {
  const { emails, phone_numbers } = record as { emails?: unknown; phone_numbers?: unknown };
  return {
    ...record,
    primary_email: primaryValue(emails, 'email'),
    primary_phone_number: primaryValue(phone_numbers, 'phone_number'),
  };
}

function primaryValue(entries: unknown, key: string): string | null {
  if (!Array.isArray(entries)) return null;
  // Lists as core's client and samples hand them: already normalised (is_primary a boolean, the first when none is).
  const value = primaryOf(entries as Entry[])?.[key];
  return typeof value === 'string' ? value : null;
}
