/**
 * Custom auth with a Clarky API key. The key is bound to one workspace; the connection label
 * names that workspace (and its first agents) so users tell connections apart, and holds no secret.
 */
import { ClarkyApiError, type ClarkyClient } from '@clarky/core';
import type { Authentication, Bundle, ZObject } from 'zapier-platform-core';
import { clarkyClient } from './clarky-client';
import { withZapierErrors } from './zapier-errors';

const API_KEYS_DOCS_URL = 'https://docs.clarky.ai/api-reference/authentication';

const LABELLED_AGENTS = 2;

/** A webhook id Clarky never issues (its ids are `wh_` and a ULID: no lower case, no dashes), so nothing is deleted. */
const NO_SUCH_WEBHOOK = 'wh_zapier-connection-test';

export const READ_ONLY_KEY_MESSAGE =
  'This API key is read-only. Zaps need a key with the write scope: turning a Zap on registers a webhook in ' +
  'Clarky, and actions create records. Create a key with the read and write scopes under Settings > API Keys ' +
  'and connect with it.';

/**
 * Tells a read-only key apart without changing anything. Clarky checks a key's scope before it looks anything up
 * (a write with a read-only key is 403 `forbidden`, as documented; the sandbox checks in that order too), so deleting
 * a webhook that cannot exist answers 403 to a read-only key and 404 (nothing deleted) to a write key. Any other
 * answer says nothing about the scope and is let pass: the key already worked for a read.
 */
async function refuseReadOnlyKey(client: ClarkyClient): Promise<void> {
  try {
    await client.deleteWebhook(NO_SUCH_WEBHOOK, { ignoreMissing: true });
  } catch (error) {
    if (error instanceof ClarkyApiError && error.status === 403) {
      throw new ClarkyApiError({ status: 403, code: error.code, message: READ_ONLY_KEY_MESSAGE });
    }
  }
}

/** GET /agents?page_size=1 (the cheapest call that proves the key works), then the write scope Zaps need. */
const test = withZapierErrors(async (z: ZObject) => {
  const client = clarkyClient(z);
  await client.ping();
  await refuseReadOnlyKey(client);
  return { ok: true };
});

const connectionLabel = withZapierErrors(async (z: ZObject, _bundle: Bundle) => {
  const agents = await clarkyClient(z).listAgents();
  const workspace = agents[0]?.workspace_id;
  if (!workspace) return 'Clarky workspace without agents';
  const names = agents.slice(0, LABELLED_AGENTS).map((agent) => agent.name);
  const more = agents.length > LABELLED_AGENTS ? ` +${agents.length - LABELLED_AGENTS}` : '';
  return `Workspace ${workspace} (${names.join(', ')}${more})`;
});

export const authentication: Authentication = {
  type: 'custom',
  fields: [
    {
      key: 'api_key',
      label: 'API Key',
      type: 'password',
      required: true,
      helpText:
        `Create a key in Clarky under **Settings > API Keys** with the read and write scopes: a read-only key ` +
        `cannot turn a Zap on (write lets Zapier register its webhooks and create records). ` +
        `[How to create an API key](${API_KEYS_DOCS_URL})`,
    },
  ],
  test,
  connectionLabel,
};
