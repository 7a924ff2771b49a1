/**
 * Custom auth with a Clarky API key. The key is bound to one workspace; the connection label
 * names that workspace (and its first agents) so users tell connections apart, and holds no secret.
 */
import type { Authentication, Bundle, ZObject } from 'zapier-platform-core';
import { clarky } from './clarky';
import { withZapierErrors } from './zapier-errors';

const API_KEYS_DOCS_URL = 'https://docs.clarky.ai/api-reference/authentication';

const LABELLED_AGENTS = 2;

/** GET /agents?page_size=1: the cheapest call that proves the key works. */
const test = withZapierErrors(async (z: ZObject) => {
  await clarky(z).ping();
  return { ok: true };
});

const connectionLabel = withZapierErrors(async (z: ZObject, _bundle: Bundle) => {
  const agents = await clarky(z).listAgents();
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
        `Create a key in Clarky under **Settings > API Keys** with the read and write scopes ` +
        `(write lets Zapier register its webhooks). [How to create an API key](${API_KEYS_DOCS_URL})`,
    },
  ],
  test,
  connectionLabel,
};
