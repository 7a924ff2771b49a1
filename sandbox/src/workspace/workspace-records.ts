/**
 * The workspace's records beyond agents and webhooks: contacts, companies, activities, pipelines and
 * their stages, sequence templates, and the sequences started through the API (what tests read back).
 * Records are built through core's schemas, so they have every documented field (null when unset)
 * and emails and phone numbers in the reference shape, whichever shape a request sent.
 */
import type { Activity, Company, Contact, Pipeline, Stage } from '@clarky/core';
import type { z } from 'zod/v4';
import type { RecordStore } from './record-store';

/** A sequence a start can name. Clarky documents no endpoint for them; the sandbox seeds a few. */
export interface SequenceTemplate {
  readonly id: string;
  readonly name: string;
  /** null: a start must name the agent (bot_id). */
  readonly bot_id: string | null;
}

/** One accepted `POST /sequences/start`, as the sandbox recorded it. */
export interface StartedSequence {
  readonly id: string;
  readonly template_id: string;
  readonly bot_id: string;
  readonly contact_id: string;
  /** Whether the start created the contact (false: it matched an existing one). */
  readonly contact_created: boolean;
  readonly auto_approve: boolean;
  readonly status: 'pending' | 'pending_approval';
  readonly started_at: string;
}

export interface WorkspaceRecords {
  readonly contacts: RecordStore<Contact>;
  readonly companies: RecordStore<Company>;
  readonly activities: RecordStore<Activity>;
  readonly pipelines: readonly Pipeline[];
  readonly stages: readonly Stage[];
  readonly templates: readonly SequenceTemplate[];
  readonly sequences: RecordStore<StartedSequence>;
}

/** A full record of `schema`'s shape: every field it may leave null is null unless `fields` sets it. */
export function buildRecord<S extends z.ZodObject>(schema: S, fields: Record<string, unknown>): z.output<S> {
  const nulls = Object.fromEntries(
    Object.entries(schema.shape)
      .filter(([, field]) => (field as z.ZodType).safeParse(null).success)
      .map(([name]) => [name, null]),
  );
  return schema.parse({ ...nulls, ...fields });
}
