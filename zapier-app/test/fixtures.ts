/** Shared by the app's tests: the app under Zapier's tester, Clarky-shaped answers, hook requests. */
import { samplePayload, type EventKey } from '@clarky/core';
import { createAppTester } from 'zapier-platform-core';
import App from '../src';
import { webhook } from '../../core/test/client-fixtures';

export { App };
export const appTester = createAppTester(App);

/** Clarky's production API: with no override, the app must call exactly this. */
export const ORIGIN = 'https://clarky.ai';
export const API = '/api/v1';
export const API_KEY = 'ck_live_Zx8Qm2Vt6Rp4Lw9Ks3Nb7Hd1Fg5Jc0Ya';
export const TARGET_URL = 'https://hooks.zapier.com/hooks/standard/1234567/abcdef0123456789/';

export const authData = { api_key: API_KEY };

export function hookOperation(event: EventKey) {
  const trigger = App.triggers[event.replace(/\./g, '_')];
  if (!trigger || trigger.operation.type !== 'hook') throw new Error(`no hook trigger for ${event}`);
  return trigger.operation;
}

export function agent(index: number, workspace = 'w_01HWORKSPACE') {
  return { id: `b_${index}`, workspace_id: workspace, name: `Agent ${index}`, slug: `agent-${index}`, enabled: true };
}

/** A Clarky webhook as core's client tests know it, posting to `url`. */
export function webhookObject(id: string, url: string) {
  return webhook({ id, url });
}

export function listPage<T>(data: T[], page = 1, totalPages = 1) {
  return { data, pagination: { page, page_size: 100, total: data.length * totalPages, total_pages: totalPages } };
}

export function errorBody(code: string, message: string, details?: unknown) {
  return { error: { code, message, details } };
}

/** The sample payload of `event`, at another time. */
export function payloadAt(event: EventKey, timestamp: string) {
  return { ...samplePayload(event), timestamp };
}

/** Zapier's error classes serialise their fields as JSON into the message. */
export function zapierErrorFields(error: unknown): Record<string, unknown> {
  return JSON.parse((error as Error).message) as Record<string, unknown>;
}
