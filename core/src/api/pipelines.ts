/** Clarky's pipelines and their stages (clarky-api.md Part 3): read-only, for choosing a stage. */
import { z } from 'zod/v4';
import { TIMESTAMPS, textParams } from './schemas';

export const PipelineSchema = z.looseObject({
  id: z.string(),
  workspace_id: z.string().optional(),
  bot_id: z.string().nullish(),
  name: z.string(),
  is_default: z.boolean().nullish(),
  is_private: z.boolean().nullish(),
  ...TIMESTAMPS,
});
export type Pipeline = z.output<typeof PipelineSchema>;

export const PipelineFiltersSchema = textParams('bot_id');
export type PipelineFilters = z.input<typeof PipelineFiltersSchema>;

export const StageSchema = z.looseObject({
  id: z.string(),
  bot_id: z.string().nullish(),
  pipeline_id: z.string().optional(),
  name: z.string(),
  /** Hex, e.g. #3B82F6. */
  color: z.string().nullish(),
  /** From 0; Clarky lists stages in this order. */
  order_index: z.number().int(),
  ...TIMESTAMPS,
});
export type Stage = z.output<typeof StageSchema>;
