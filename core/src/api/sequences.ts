/**
 * Starting one of Clarky's outreach sequences (docs/clarky-api.md, "Sequence start"):
 * Clarky upserts the contact (matching the primary email, then the phone) and answers 202; the outreach
 * goes out about 30-90 s later. The answer's body and the status endpoint are not documented.
 */
import { z } from 'zod/v4';
import { ContactFieldsSchema } from './contacts';

/** Body of `POST /sequences/start`. */
export const SequenceStartSchema = z.object({
  template_id: z.string().min(1),
  /** Only when the template has no agent of its own. */
  bot_id: z.string().min(1).optional(),
  contact: ContactFieldsSchema.refine(
    (contact) => (contact.emails?.length ?? 0) > 0 || (contact.phone_numbers?.length ?? 0) > 0,
    { path: ['emails'], message: 'needs at least one email or phone number' },
  ),
  /** False (the default) leaves the outreach pending approval in Clarky. */
  auto_approve: z.boolean().optional(),
});
export type SequenceStart = z.input<typeof SequenceStartSchema>;

/** What the client returns for an accepted start: nothing has been sent yet. */
export interface SequenceStarted {
  /** `pending_approval` unless the start asked for auto_approve. */
  readonly status: 'pending' | 'pending_approval';
  /** Clarky's answer as it came (its fields are not documented); {} when it sent none. */
  readonly data: Record<string, unknown>;
}

/** The 202's body, whatever it holds: `{ data: {...} }`, or nothing. */
export const SequenceAcceptedSchema = z.union([
  z.looseObject({ data: z.record(z.string(), z.unknown()).optional() }),
  z.undefined(),
]);
