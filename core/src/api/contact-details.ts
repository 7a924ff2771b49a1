/**
 * What contacts and companies both carry: emails, phone numbers, tags, an address.
 *
 * Emails and phone numbers: Clarky's reference defines
 * `[{ email, is_primary }]`; its quickstart and sequences changelog send plain strings
 * (`["ada@example.com"]`). Both are accepted; what the client returns is always the reference
 * shape, with the documented rule applied: the first item is primary when none is flagged.
 */
import { z } from 'zod/v4';

const EmailEntrySchema = z.looseObject({ email: z.string(), is_primary: z.boolean().nullish() });
const PhoneNumberEntrySchema = z.looseObject({ phone_number: z.string(), is_primary: z.boolean().nullish() });
type EmailEntryRead = z.output<typeof EmailEntrySchema>;
type PhoneNumberEntryRead = z.output<typeof PhoneNumberEntrySchema>;

/** Either documented shape as `[{ email, is_primary }]`; null or absent is an empty list. */
export const EmailsSchema = z
  .array(z.union([z.string(), EmailEntrySchema]))
  .nullish()
  .transform((items) => withPrimary<EmailEntryRead>(items, (email) => ({ email })));
/** Either documented shape as `[{ phone_number, is_primary }]`; null or absent is an empty list. */
export const PhoneNumbersSchema = z
  .array(z.union([z.string(), PhoneNumberEntrySchema]))
  .nullish()
  .transform((items) => withPrimary<PhoneNumberEntryRead>(items, (phone_number) => ({ phone_number })));
export type EmailEntry = z.output<typeof EmailsSchema>[number];
export type PhoneNumberEntry = z.output<typeof PhoneNumbersSchema>[number];

function withPrimary<T extends { is_primary?: boolean | null }>(
  items: readonly (string | T)[] | null | undefined,
  fromText: (text: string) => T,
): (T & { is_primary: boolean })[] {
  const entries = (items ?? []).map((item) => {
    const entry = typeof item === 'string' ? fromText(item) : item;
    return { ...entry, is_primary: entry.is_primary === true };
  });
  if (entries.length > 0 && !entries.some((entry) => entry.is_primary)) entries[0]!.is_primary = true;
  return entries;
}

/** What a create body may send: plain strings or the reference objects. */
export const EmailsInputSchema = z.array(
  z.union([z.email(), z.looseObject({ email: z.email(), is_primary: z.boolean().optional() })]),
);
export const PhoneNumbersInputSchema = z.array(
  z.union([z.string().min(1), z.looseObject({ phone_number: z.string().min(1), is_primary: z.boolean().optional() })]),
);

/** The primary email (or phone number) of a normalised list; undefined when the list is empty. */
export function primaryOf<T extends { is_primary: boolean }>(entries: readonly T[]): T | undefined {
  return entries.find((entry) => entry.is_primary) ?? entries[0];
}

const text = z.string().nullish();

/** Read-side fields a Contact and a Company share, beside their own and those of every workspace record. */
export const SharedDetailsShape = {
  emails: EmailsSchema,
  phone_numbers: PhoneNumbersSchema,
  tags: z
    .array(z.string())
    .nullish()
    .transform((tags) => tags ?? []),
  pipeline_stage_id: text,
  address_line1: text,
  address_line2: text,
  city: text,
  state: text,
  postal_code: text,
  country: text,
  linkedin_url: text,
  notes: text,
  custom_fields: z.record(z.string(), z.unknown()).nullish(),
};

/** Tags as a list or as Clarky's comma-separated text (list filters). */
export const TagsFilterSchema = z.union([z.string(), z.array(z.string())]);
