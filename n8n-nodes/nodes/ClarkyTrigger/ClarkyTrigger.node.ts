import {
  NodeConnectionTypes,
  type IHookFunctions,
  type ILoadOptionsFunctions,
  type INodePropertyOptions,
  type INodeType,
  type INodeTypeDescription,
  type IWebhookFunctions,
  type IWebhookResponseData,
} from 'n8n-workflow';
import { DEFAULT_WEBHOOK_METHOD, EVENTS, WEBHOOK_METHODS, triggerSentence } from '@clarky/core';
import { WEBHOOK_PATH, receiveDelivery } from './delivery';
import { webhookMethodFields } from './webhook-method';
import { agentOptions } from '../../shared/load-options';
import { registerWebhook, unregisterWebhook, webhookExists } from './subscription';
import { CREDENTIAL_NAME } from '../../shared/transport';

const eventOptions: INodePropertyOptions[] = EVENTS.map((event) => ({
  name: event.displayName,
  value: event.key,
  description: triggerSentence(event),
}));

const methodOptions: INodePropertyOptions[] = WEBHOOK_METHODS.map((method) => ({ name: method, value: method }));

export class ClarkyTrigger implements INodeType {
  description: INodeTypeDescription = {
    displayName: 'Clarky Trigger',
    name: 'clarkyTrigger',
    icon: { light: 'file:../../icons/clarky.svg', dark: 'file:../../icons/clarky.dark.svg' },
    group: ['trigger'],
    // 1.1 changes nothing the user sets: n8n evaluates an expression for every request to a version-1 start node
    // (the Webhook node v1's binaryData option) and not for later versions, which delivery.ts reads alike.
    version: [1, 1.1],
    defaultVersion: 1.1,
    subtitle: '={{$parameter["events"].join(", ")}}',
    description: 'Starts the workflow when something happens in Clarky',
    defaults: {
      name: 'Clarky Trigger',
    },
    inputs: [],
    outputs: [NodeConnectionTypes.Main],
    credentials: [
      {
        name: CREDENTIAL_NAME,
        required: true,
      },
    ],
    webhooks: [
      {
        name: 'default',
        // Clarky calls with the method chosen in Options; n8n must listen for that same method.
        ...webhookMethodFields,
        responseMode: 'onReceived',
        path: WEBHOOK_PATH,
      },
    ],
    properties: [
      {
        displayName: 'Events',
        name: 'events',
        type: 'multiOptions',
        required: true,
        default: [],
        options: eventOptions,
        description: 'What should start the workflow. Pick one or more.',
      },
      {
        displayName: 'Agent Names or IDs',
        name: 'agents',
        type: 'multiOptions',
        typeOptions: {
          loadOptionsMethod: 'getAgents',
        },
        default: [],
        description:
          'Only react to these agents. Leave empty for every agent in the workspace, including ones added later. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
      },
      {
        displayName: 'Options',
        name: 'options',
        type: 'collection',
        placeholder: 'Add option',
        default: {},
        options: [
          {
            displayName: 'Custom Payload Template',
            name: 'payloadTemplate',
            type: 'string',
            typeOptions: {
              rows: 8,
            },
            default: '',
            placeholder: '{ "who": "{{firstName}} {{lastName}}", "score": {{sentimentScore}} }',
            description:
              'The JSON object Clarky sends, with {{variables}} filled in (see the package README for the list). Leave empty to receive all standard fields. A mistake stops the workflow from activating and says where it is.',
          },
          {
            displayName: 'HTTP Method',
            name: 'httpMethod',
            type: 'options',
            options: methodOptions,
            default: DEFAULT_WEBHOOK_METHOD,
            description:
              'How Clarky calls n8n. Keep POST unless you have a reason to change it: with GET, the fields arrive as query parameters.',
          },
          {
            displayName: 'Verify Bearer Token',
            name: 'verifyBearerToken',
            type: 'boolean',
            default: true,
            description:
              'Whether to accept only calls that carry the secret token this node gave Clarky. Keep it on: anyone who learns the webhook URL could otherwise start the workflow.',
          },
          {
            displayName: 'Webhook Name',
            name: 'webhookName',
            type: 'string',
            default: '',
            placeholder: 'n8n: My workflow',
            description:
              'How the webhook is listed in Clarky under Settings > Webhooks. Leave empty to use "n8n: " and the workflow name.',
          },
        ],
      },
    ],
  };

  methods = {
    loadOptions: {
      async getAgents(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
        return await agentOptions(this);
      },
    },
  };

  webhookMethods = {
    default: {
      async checkExists(this: IHookFunctions): Promise<boolean> {
        return await webhookExists(this);
      },
      async create(this: IHookFunctions): Promise<boolean> {
        return await registerWebhook(this);
      },
      async delete(this: IHookFunctions): Promise<boolean> {
        return await unregisterWebhook(this);
      },
    },
  };

  async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
    return await receiveDelivery(this);
  }
}
