/** Shared by the app's tests: the app under Zapier's tester, Clarky-shaped answers, hook requests. */
import { DEFAULT_BASE_URL, samplePayload, type EventKey } from '@clarky/core';
import { createAppTester } from 'zapier-platform-core';
import App from '../src';
import { triggerKey, type SubscribeData } from '../src/hook-trigger';
import type { Received } from '../../sandbox/test/receiver';
// Core's client fixtures stay in core's tests (they use nock and jest): shared by path, not as a product export.
import { agent as coreAgent, page } from '../../core/test/client-fixtures';

export { App };
export { clarkyError as errorBody, webhook } from '../../core/test/client-fixtures';
export const appTester = createAppTester(App);

/** Clarky's production API: with no override, the app must call exactly this. */
export const { origin: ORIGIN, pathname: API } = new URL(DEFAULT_BASE_URL);
export const API_KEY = 'ck_live_Zx8Qm2Vt6Rp4Lw9Ks3Nb7Hd1Fg5Jc0Ya';
export const TARGET_URL = 'https://hooks.zapier.com/hooks/standard/1234567/abcdef0123456789/';

export const authData = { api_key: API_KEY };

export function hookOperation(event: EventKey) {
  const trigger = App.triggers[triggerKey(event)];
  if (!trigger || trigger.operation.type !== 'hook') throw new Error(`no hook trigger for ${event}`);
  return trigger.operation;
}

export function agent(index: number, workspace = 'w_01HWORKSPACE') {
  return { ...coreAgent(index), workspace_id: workspace };
}

export function listPage<T>(data: T[], pageNumber = 1, totalPages = 1) {
  return page(data, pageNumber, totalPages, data.length * totalPages);
}

/** The sample payload of `event`, at another time. */
export function payloadAt(event: EventKey, timestamp: string) {
  return { ...samplePayload(event), timestamp };
}

/** Zapier's error classes serialise their fields as JSON into the message. */
export function zapierErrorFields(error: unknown): Record<string, unknown> {
  return JSON.parse((error as Error).message) as Record<string, unknown>;
}

/** A caught request as Zapier hands it to `perform`. */
export function asZapierHook(caught: Received, subscribeData: SubscribeData) {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(caught.headers)) {
    const titleCase = name.replace(
      /(^|-)([a-z])/g,
      (_match, dash: string, letter: string) => dash + letter.toUpperCase(),
    );
    headers[`Http-${titleCase}`] = Array.isArray(value) ? value.join(', ') : (value ?? '');
  }
  return {
    subscribeData,
    rawRequest: { method: caught.method as 'POST', headers, content: caught.body, querystring: '' },
    cleanedRequest: { ...JSON.parse(caught.body), querystring: {} },
  };
}
