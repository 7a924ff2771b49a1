/** The editor's dropdowns read from Clarky: the workspace's agents and its pipeline stages. */
import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';
import { clarkyNodeError } from './errors';
import { clarkyClient } from './transport';

/** Agents by name; a disabled one says so (it is still a valid choice). */
export async function agentOptions(context: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
  const client = await clarkyClient(context);
  const agents = await client.listAgents().catch((error: unknown) => {
    throw clarkyNodeError(context.getNode(), error);
  });
  return agents
    .map((agent) => ({
      name: agent.enabled ? agent.name : `${agent.name} (disabled)`,
      value: agent.id,
      description: agent.summary ?? undefined,
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Every stage of every pipeline, named "Pipeline: Stage" and in the pipeline's own order. */
export async function pipelineStageOptions(context: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
  const client = await clarkyClient(context);
  try {
    const pipelines = await client.listPipelines();
    const stagesPerPipeline = await Promise.all(
      pipelines.map(async (pipeline) => ({ pipeline, stages: await client.listPipelineStages(pipeline.id) })),
    );
    return stagesPerPipeline.flatMap(({ pipeline, stages }) =>
      stages.map((stage) => ({ name: `${pipeline.name}: ${stage.name}`, value: stage.id })),
    );
  } catch (error) {
    throw clarkyNodeError(context.getNode(), error);
  }
}
