import {
  NodeConnectionTypes,
  type IExecuteFunctions,
  type ILoadOptionsFunctions,
  type INodeExecutionData,
  type INodePropertyOptions,
  type INodeType,
  type INodeTypeDescription,
} from 'n8n-workflow';
import { agentOptions, pipelineStageOptions } from '../../shared/load-options';
import { CREDENTIAL_NAME } from '../../shared/transport';
import { runClarkyOperation } from './execute';
import { CLARKY_PROPERTIES } from './properties';

export class Clarky implements INodeType {
  description: INodeTypeDescription = {
    displayName: 'Clarky',
    name: 'clarky',
    icon: { light: 'file:../../icons/clarky.svg', dark: 'file:../../icons/clarky.dark.svg' },
    group: ['transform'],
    version: [1, 1.1],
    subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
    description: 'Work with contacts, activities, companies, sequences and agents in Clarky',
    defaults: {
      name: 'Clarky',
    },
    usableAsTool: true,
    inputs: [NodeConnectionTypes.Main],
    outputs: [NodeConnectionTypes.Main],
    credentials: [
      {
        name: CREDENTIAL_NAME,
        required: true,
      },
    ],
    properties: CLARKY_PROPERTIES,
  };

  methods = {
    loadOptions: {
      async getAgents(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
        return await agentOptions(this);
      },
      async getPipelineStages(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
        return await pipelineStageOptions(this);
      },
    },
  };

  async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
    return [await runClarkyOperation(this)];
  }
}
