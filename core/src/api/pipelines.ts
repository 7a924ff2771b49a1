/** Clarky's pipelines and their stages (docs/clarky-api.md, "Pipeline and stage"): read-only, for choosing a stage. */
import { z } from 'zod/v4';
import { textParams, workspaceRecord } from './schemas';

export const PipelineSchema = workspaceRecord({
  name: z.string(),
  is_default: z.boolean().nullish(),
  is_private: z.boolean().nullish(),
});
export type Pipeline = z.output<typeof PipelineSchema>;

export const PipelineFiltersSchema = textParams('bot_id');
export type PipelineFilters = z.input<typeof PipelineFiltersSchema>;

export const StageSchema = workspaceRecord({
  pipeline_id: z.string().optional(),
  name: z.string(),
  /** Hex, e.g. #3B82F6. */
  color: z.string().nullish(),
  /** From 0; Clarky lists stages in this order. */
  order_index: z.number().int(),
});
export type Stage = z.output<typeof StageSchema>;
