/**
 * Clarky's Contact (docs/clarky-api.md, "Contact"), its documented list filters and the create body.
 * Only `id` is required when reading: the quickstart shows a cut-down contact, and Clarky may add fields.
 */
import { z } from 'zod/v4';
import { textParams, workspaceRecord } from './schemas';
import { EmailsInputSchema, PhoneNumbersInputSchema, SharedDetailsShape, TagsFilterSchema } from './contact-details';

const text = z.string().nullish();

export const ContactSchema = workspaceRecord({
  first_name: text,
  last_name: text,
  /** Free text; `company_id` links a Company. */
  company: text,
  company_id: text,
  job_title: text,
  lead_source: text,
  contact_type: text,
  deal_value: z.number().nullish(),
  last_contacted_at: text,
  ...SharedDetailsShape,
});
export type Contact = z.output<typeof ContactSchema>;

/** `GET /contacts` filters, as documented: `search` matches name, email, phone or company; dates are ISO 8601. */
export const ContactFiltersSchema = textParams(
  'search',
  'lead_source',
  'pipeline_stage_id',
  'bot_id',
  'created_after',
  'created_before',
  'updated_after',
).extend({ tags: TagsFilterSchema.optional() });
export type ContactFilters = z.input<typeof ContactFiltersSchema>;

/**
 * Who a contact is, as a create body or a sequence's contact sends it: the Contact's documented fields.
 * Clarky confirms only bot_id for a create (and emails in its examples), so unknown fields pass through.
 */
export const ContactFieldsSchema = z
  .looseObject({
    first_name: z.string(),
    last_name: z.string(),
    emails: EmailsInputSchema,
    phone_numbers: PhoneNumbersInputSchema,
    company: z.string(),
    job_title: z.string(),
    lead_source: z.string(),
    tags: z.array(z.string()),
    notes: z.string(),
  })
  .partial();

/** Body of `POST /contacts` (an assumed path, see ROUTES): a bot_id of this workspace is required. */
export const ContactCreateSchema = ContactFieldsSchema.extend({ bot_id: z.string().min(1) });
export type ContactCreate = z.input<typeof ContactCreateSchema>;
