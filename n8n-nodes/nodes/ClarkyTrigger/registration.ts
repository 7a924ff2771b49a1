/**
 * What the node remembers between activation and deliveries, in n8n's node static data:
 * the id of the webhook it registered in Clarky and the bearer token Clarky sends back.
 * n8n keeps separate static data for test-URL and production-URL registrations, so the two
 * never see (nor delete) each other's webhook.
 */
import type { IDataObject } from 'n8n-workflow';

interface Registration {
  readonly webhookId: string;
  readonly bearerToken: string;
}

export function readRegistration(staticData: IDataObject): Registration | undefined {
  const { webhookId, bearerToken } = staticData;
  if (typeof webhookId !== 'string' || webhookId === '') return undefined;
  return { webhookId, bearerToken: typeof bearerToken === 'string' ? bearerToken : '' };
}

export function storeRegistration(staticData: IDataObject, registration: Registration): void {
  staticData.webhookId = registration.webhookId;
  staticData.bearerToken = registration.bearerToken;
}

export function clearRegistration(staticData: IDataObject): void {
  delete staticData.webhookId;
  delete staticData.bearerToken;
}
