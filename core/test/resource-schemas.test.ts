/** The documented resources' schemas: both shapes of emails and phones, unknown fields kept, body rules. */
import { ActivityLogSchema } from '../src/api/activities';
import { primaryOf } from '../src/api/contact-details';
import { ContactCreateSchema, ContactSchema } from '../src/api/contacts';
import { CompanyCreateSchema, CompanySchema } from '../src/api/companies';
import { SequenceStartSchema } from '../src/api/sequences';

describe('emails and phone numbers', () => {
  it("reads the quickstart's plain strings as the reference shape, the first one primary", () => {
    const contact = ContactSchema.parse({
      id: 'c_1',
      emails: ['ada@example.com', 'ada@work.example'],
      phone_numbers: ['+14155550100'],
    });
    expect(contact.emails).toEqual([
      { email: 'ada@example.com', is_primary: true },
      { email: 'ada@work.example', is_primary: false },
    ]);
    expect(contact.phone_numbers).toEqual([{ phone_number: '+14155550100', is_primary: true }]);
  });

  it('keeps the flagged primary and any extra fields of the reference objects', () => {
    const company = CompanySchema.parse({
      id: 'co_1',
      name: 'Northwind',
      emails: [
        { email: 'info@northwind.example', is_primary: false, label: 'general' },
        { email: 'sales@northwind.example', is_primary: true },
      ],
    });
    expect(company.emails).toEqual([
      { email: 'info@northwind.example', is_primary: false, label: 'general' },
      { email: 'sales@northwind.example', is_primary: true },
    ]);
    expect(primaryOf(company.emails)?.email).toBe('sales@northwind.example');
  });

  it('makes the first reference object primary when none is flagged', () => {
    const contact = ContactSchema.parse({
      id: 'c_1',
      emails: [{ email: 'a@example.com' }, { email: 'b@example.com' }],
    });
    expect(contact.emails.map((entry) => entry.is_primary)).toEqual([true, false]);
  });

  it('reads missing or null lists as empty', () => {
    const contact = ContactSchema.parse({ id: 'c_1', emails: null, tags: null });
    expect(contact.emails).toEqual([]);
    expect(contact.phone_numbers).toEqual([]);
    expect(contact.tags).toEqual([]);
    expect(primaryOf(contact.emails)).toBeUndefined();
  });

  it('accepts both shapes in a create body and refuses an email that is not one', () => {
    const both = { bot_id: 'b_1', emails: ['ada@example.com', { email: 'ada@work.example', is_primary: true }] };
    expect(ContactCreateSchema.safeParse(both).success).toBe(true);
    const bad = ContactCreateSchema.safeParse({ bot_id: 'b_1', emails: ['not an email'] });
    expect(bad.error?.issues[0]?.path).toEqual(['emails', 0]);
  });
});

describe('resources', () => {
  it("keeps fields Clarky adds that the schema does not know, and the quickstart's cut-down contact", () => {
    expect(ContactSchema.parse({ id: 'c_1', first_name: 'Ada', lifecycle: 'new' })).toMatchObject({
      id: 'c_1',
      first_name: 'Ada',
      lifecycle: 'new',
    });
  });

  it('needs bot_id for a contact, and bot_id and name for a company', () => {
    expect(ContactCreateSchema.safeParse({ first_name: 'Ada' }).error?.issues[0]?.path).toEqual(['bot_id']);
    const company = CompanyCreateSchema.safeParse({ domain: 'x.example' });
    expect(company.error?.issues.map((issue) => issue.path[0]).sort()).toEqual(['bot_id', 'name']);
  });

  it('logs an activity on a contact or a company, never on neither', () => {
    expect(ActivityLogSchema.safeParse({ activity_type: 'note', contact_id: 'c_1' }).success).toBe(true);
    expect(ActivityLogSchema.safeParse({ activity_type: 'call', company_id: 'co_1' }).success).toBe(true);
    const neither = ActivityLogSchema.safeParse({ activity_type: 'note' });
    expect(neither.error?.issues.map((issue) => issue.path)).toEqual([['contact_id']]);
    expect(ActivityLogSchema.safeParse({ activity_type: 'lunch', contact_id: 'c_1' }).success).toBe(false);
  });

  it('starts a sequence only for a contact with an email or a phone number', () => {
    const start = { template_id: 'st_1', contact: { first_name: 'Maria' } };
    expect(SequenceStartSchema.safeParse(start).error?.issues[0]?.path).toEqual(['contact', 'emails']);
    const withPhone = { ...start, contact: { phone_numbers: ['+34911234567'] } };
    expect(SequenceStartSchema.safeParse(withPhone).success).toBe(true);
  });
});
