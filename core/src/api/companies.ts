/** Clarky's Company (docs/clarky-api.md, "Company"), its documented list filters and the create body. */
import { z } from 'zod/v4';
import { textParams, workspaceRecord } from './schemas';
import { EmailsInputSchema, PhoneNumbersInputSchema, SharedDetailsShape, TagsFilterSchema } from './contact-details';

const text = z.string().nullish();
const amount = z.number().nullish();

export const CompanySchema = workspaceRecord({
  name: z.string(),
  domain: text,
  website: text,
  industry: text,
  /** e.g. "50-200". */
  company_size: text,
  company_type: text,
  description: text,
  employee_count: amount,
  annual_revenue: amount,
  /** The sum of the linked contacts' deal_value. */
  total_deal_value: amount,
  last_activity_at: text,
  ...SharedDetailsShape,
});
export type Company = z.output<typeof CompanySchema>;

/** `GET /companies` filters: `industry` and `domain` match exactly; `search` matches name, domain or industry. */
export const CompanyFiltersSchema = textParams('search', 'industry', 'domain', 'bot_id').extend({
  tags: TagsFilterSchema.optional(),
});
export type CompanyFilters = z.input<typeof CompanyFiltersSchema>;

/**
 * Body of `POST /companies`: bot_id and name required, the rest optional. Clarky's table of the rest is
 * cut off at `city`: the fields up to there are typed, any others pass through.
 */
export const CompanyCreateSchema = z
  .looseObject({
    domain: z.string(),
    website: z.string(),
    industry: z.string(),
    company_size: z.string(),
    company_type: z.string(),
    description: z.string(),
    employee_count: z.number().int().nonnegative(),
    annual_revenue: z.number().nonnegative(),
    emails: EmailsInputSchema,
    phone_numbers: PhoneNumbersInputSchema,
    tags: z.array(z.string()),
    address_line1: z.string(),
    address_line2: z.string(),
    city: z.string(),
  })
  .partial()
  .extend({ bot_id: z.string().min(1), name: z.string().trim().min(1) });
export type CompanyCreate = z.input<typeof CompanyCreateSchema>;
