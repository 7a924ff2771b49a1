/**
 * What the node remembers between activation and deliveries, in n8n's node static data: the id of the webhook it
 * registered in Clarky and the SHA-256 of the bearer token Clarky sends back. n8n stores static data unencrypted,
 * so the token itself is given to Clarky once and never kept: a copy of the database forges no delivery.
 * n8n keeps separate static data for test-URL and production-URL registrations, so the two never see (nor delete)
 * each other's webhook.
 */
import type { IDataObject } from 'n8n-workflow';
import { bearerDigest } from '@clarky/core';

export interface Registration {
  readonly webhookId: string;
  /** bearerDigest of the token; '' when unknown. */
  readonly tokenDigest: string;
  /** Stored the old way, with the token itself: rewrite it with storeRegistration. */
  readonly legacy: boolean;
}

export function readRegistration(staticData: IDataObject): Registration | undefined {
  const { webhookId, tokenDigest, bearerToken } = staticData;
  if (typeof webhookId !== 'string' || webhookId === '') return undefined;
  if (typeof bearerToken === 'string' && bearerToken !== '') {
    return { webhookId, tokenDigest: bearerDigest(bearerToken), legacy: true };
  }
  return { webhookId, tokenDigest: typeof tokenDigest === 'string' ? tokenDigest : '', legacy: false };
}

export function storeRegistration(
  staticData: IDataObject,
  registration: Pick<Registration, 'webhookId' | 'tokenDigest'>,
) {
  clearRegistration(staticData);
  staticData.webhookId = registration.webhookId;
  staticData.tokenDigest = registration.tokenDigest;
}

export function clearRegistration(staticData: IDataObject): void {
  delete staticData.webhookId;
  delete staticData.tokenDigest;
  delete staticData.bearerToken;
}
