/**
 * `POST /sequences/start`: Clarky upserts the contact (matching the primary email, then the phone number),
 * queues the sequence and answers 202. The sandbox sends nothing; it records the start for tests to read.
 */
import {
  ContactSchema,
  EmailsSchema,
  PhoneNumbersSchema,
  primaryOf,
  ROUTE_PATTERNS,
  SequenceStartSchema,
  type Contact,
} from '@clarky/core';
import { checkBody, type FieldProblem } from '../http/validation';
import { hasEmail, hasPhoneNumber, newContact } from '../workspace/contacts';
import { prefixedId } from '../workspace/ids';
import { buildRecord, type StartedSequence } from '../workspace/workspace-records';
import type { RouteGroup } from './route-context';

export const sequenceRoutes: RouteGroup = (router, { records, random, workspaceId, agentProblems }) => {
  const { templates, contacts, sequences } = records;

  return router.on('POST', ROUTE_PATTERNS.sequenceStart, ({ body }) => {
    const start = checkBody(SequenceStartSchema, body, (input) => {
      const template = templates.find((candidate) => candidate.id === input.template_id);
      const problems: FieldProblem[] = agentProblems(input);
      if (typeof input.template_id === 'string' && !template) {
        problems.push({
          field: 'template_id',
          message: `no sequence template has id ${JSON.stringify(input.template_id)}`,
        });
      }
      if (template && template.bot_id === null && input.bot_id === undefined) {
        problems.push({ field: 'bot_id', message: `is required: template ${template.id} has no agent of its own` });
      }
      return problems;
    });
    const template = templates.find((candidate) => candidate.id === start.template_id)!;
    const botId = template.bot_id ?? start.bot_id!;

    const email = primaryOf(EmailsSchema.parse(start.contact.emails))?.email;
    const phoneNumber = primaryOf(PhoneNumbersSchema.parse(start.contact.phone_numbers))?.phone_number;
    const match =
      contacts.list().find((contact) => email !== undefined && hasEmail(contact, email)) ??
      contacts.list().find((contact) => phoneNumber !== undefined && hasPhoneNumber(contact, phoneNumber));
    const contact = match
      ? contacts.save(updated(match, start.contact))
      : newContact(contacts, random, workspaceId, { ...start.contact, bot_id: botId });

    const autoApprove = start.auto_approve ?? false;
    const started: StartedSequence = sequences.save({
      id: prefixedId('seq', random),
      template_id: template.id,
      bot_id: botId,
      contact_id: contact.id,
      contact_created: !match,
      auto_approve: autoApprove,
      status: autoApprove ? 'pending' : 'pending_approval',
      started_at: new Date().toISOString(),
    });
    const { id, status, template_id, bot_id, contact_id } = started;
    return { status: 202, body: { data: { id, status, template_id, bot_id, contact_id } } };
  });
};

/** An upsert's update: the fields sent replace the contact's; emails and phone numbers it lacked are added. */
function updated(contact: Contact, fields: Record<string, unknown>): Contact {
  const emails = EmailsSchema.parse(fields.emails).filter((entry) => !hasEmail(contact, entry.email));
  const phones = PhoneNumbersSchema.parse(fields.phone_numbers).filter(
    (entry) => !hasPhoneNumber(contact, entry.phone_number),
  );
  const notPrimary = <T extends object>(entry: T) => ({ ...entry, is_primary: false });
  return buildRecord(ContactSchema, {
    ...contact,
    ...fields,
    emails: [...contact.emails, ...emails.map(notPrimary)],
    phone_numbers: [...contact.phone_numbers, ...phones.map(notPrimary)],
    updated_at: new Date().toISOString(),
  });
}
