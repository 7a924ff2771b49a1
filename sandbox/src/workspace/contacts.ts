/** Finding and creating contacts: shared by the contact routes and a sequence start's upsert. */
import { ContactSchema, type Contact } from '@clarky/core';
import { nextUuid } from './ids';
import type { RecordStore } from './record-store';
import type { SeededRandom } from './seeded-random';
import { buildRecord } from './workspace-records';

/** Any of the contact's emails equals this one, ignoring case (as email addresses compare in practice). */
export function hasEmail(contact: Contact, email: string): boolean {
  const wanted = email.trim().toLowerCase();
  return contact.emails.some((entry) => entry.email.toLowerCase() === wanted);
}

export function hasPhoneNumber(contact: Contact, phoneNumber: string): boolean {
  return contact.phone_numbers.some((entry) => entry.phone_number === phoneNumber);
}

/** A new contact from a create body (emails and phones in either documented shape). */
export function newContact(
  store: RecordStore<Contact>,
  random: SeededRandom,
  workspaceId: string,
  fields: Record<string, unknown>,
): Contact {
  const now = new Date().toISOString();
  return store.save(
    buildRecord(ContactSchema, {
      custom_fields: {},
      ...fields,
      id: nextUuid(random),
      workspace_id: workspaceId,
      created_at: now,
      updated_at: now,
    }),
  );
}
