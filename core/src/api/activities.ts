/** Clarky's Activity (docs/clarky-api.md, "Activity"): a timeline entry on a contact or a company. */
import { z } from 'zod/v4';

export const ACTIVITY_TYPES = ['note', 'call', 'meeting', 'video_call', 'task', 'todo', 'reminder'] as const;
export type ActivityType = (typeof ACTIVITY_TYPES)[number];

const text = z.string().nullish();

export const ActivitySchema = z.looseObject({
  id: z.string(),
  contact_id: text,
  company_id: text,
  // A string, not the enum: a type Clarky adds later must not break reading a timeline.
  activity_type: z.string(),
  title: text,
  description: text,
  due_date: text,
  completed_at: text,
  duration_minutes: z.number().nullish(),
  metadata: z.record(z.string(), z.unknown()).nullish(),
  created_at: z.string().optional(),
});
export type Activity = z.output<typeof ActivitySchema>;

/** `GET /contacts/{id}/activities` filter. */
export const ActivityFiltersSchema = z.object({ activity_type: z.enum(ACTIVITY_TYPES) }).partial();
export type ActivityFilters = z.input<typeof ActivityFiltersSchema>;

/**
 * Body of `POST /activities`: activity_type, and a contact_id or a company_id (or both). Clarky confirms only
 * those; the other Activity fields are typed as the object shows them and anything else passes through.
 */
export const ActivityLogSchema = z
  .looseObject({
    activity_type: z.enum(ACTIVITY_TYPES),
    contact_id: z.string().min(1).optional(),
    company_id: z.string().min(1).optional(),
    title: z.string().optional(),
    description: z.string().optional(),
    due_date: z.string().optional(),
    completed_at: z.string().optional(),
    duration_minutes: z.number().int().nonnegative().optional(),
    metadata: z.record(z.string(), z.unknown()).optional(),
  })
  .refine((body) => body.contact_id !== undefined || body.company_id !== undefined, {
    path: ['contact_id'],
    message: 'is required unless company_id is given',
  });
/** Typed so that a log names its contact, its company, or both. */
export type ActivityLog = Omit<z.input<typeof ActivityLogSchema>, 'contact_id' | 'company_id'> &
  ({ contact_id: string; company_id?: string } | { contact_id?: string; company_id: string });
