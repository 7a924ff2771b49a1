/**
 * The HTTP method n8n listens on for the trigger's webhook: the one chosen in Options, POST when none is.
 *
 * The description keeps the expression template (the editor and n8n 1.x evaluate it) and also declares a native
 * resolver beside it. n8n 2.41+ reads that resolver instead of evaluating the template when the node's parameters are
 * static, so a delivery no longer runs this expression in n8n's expression isolate (N8N_EXPRESSION_ENGINE=vm).
 * n8n's key is a registered symbol, so it is the same symbol here without importing n8n-workflow 2.41's export,
 * which n8n-workflow 1.x lacks; there the key is one more property n8n never reads.
 */
import type { INodeParameters, IWebhookDescription, WEBHOOK_RESOLVERS as N8nWebhookResolvers } from 'n8n-workflow';
import { DEFAULT_WEBHOOK_METHOD, type WebhookMethod } from '@clarky/core';
import type { TriggerOptions } from './options';

export const WEBHOOK_RESOLVERS: typeof N8nWebhookResolvers = Symbol.for(
  'n8n.webhookDescriptionResolvers',
) as typeof N8nWebhookResolvers;

export const HTTP_METHOD_TEMPLATE = `={{$parameter["options"]["httpMethod"] || "${DEFAULT_WEBHOOK_METHOD}"}}`;

/** The method chosen in Options, POST when none is: what the template evaluates to (same `||` fallback). */
export const webhookMethod = (options: TriggerOptions | undefined): WebhookMethod =>
  options?.httpMethod || DEFAULT_WEBHOOK_METHOD;

/** The description's httpMethod: the template, and n8n's native resolver reading the same from the saved parameters. */
export const webhookMethodFields = {
  httpMethod: HTTP_METHOD_TEMPLATE,
  [WEBHOOK_RESOLVERS]: {
    httpMethod: {
      template: HTTP_METHOD_TEMPLATE,
      resolve: (parameters: INodeParameters) => webhookMethod(parameters.options as TriggerOptions | undefined),
    },
  },
} satisfies Pick<IWebhookDescription, 'httpMethod' | typeof N8nWebhookResolvers>;
