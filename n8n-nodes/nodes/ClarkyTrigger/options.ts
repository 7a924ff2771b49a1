/** The node's "Options" collection, as n8n hands it over (absent options are missing keys). */
import type { WebhookMethod } from '@clarky/core';

export interface TriggerOptions {
  readonly webhookName?: string;
  readonly httpMethod?: WebhookMethod;
  readonly payloadTemplate?: string;
  /** Missing means on. */
  readonly verifyBearerToken?: boolean;
}
