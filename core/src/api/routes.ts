/** Clarky API paths, relative to the base URL. The sandbox serves these; the client calls them. */
const path = (...segments: string[]) => segments.map((segment) => `/${encodeURIComponent(segment)}`).join('');

export const ROUTES = {
  // Documented (clarky-api.md Part 1 and Part 3).
  agents: '/agents',
  contacts: '/contacts',
  contact: (id: string) => path('contacts', id),
  contactByEmail: '/contacts/by-email',
  contactActivities: (contactId: string) => path('contacts', contactId, 'activities'),
  activities: '/activities',
  companies: '/companies',
  company: (id: string) => path('companies', id),
  pipelines: '/pipelines',
  pipelineStages: (pipelineId: string) => path('pipelines', pipelineId, 'stages'),
  sequenceStart: '/sequences/start',
  // Assumed: see ASSUMED_ENDPOINTS.
  webhooks: '/webhooks',
  webhook: (id: string) => path('webhooks', id),
  webhookSamples: '/webhooks/samples',
} as const;

/**
 * What Clarky does not document and this project assumes (README: "Assumed API"): the webhook
 * endpoints follow Clarky's conventions; `POST /contacts` is the REST form the quickstart implies
 * without showing its path.
 */
export const ASSUMED_ENDPOINTS: readonly { readonly method: string; readonly route: keyof typeof ROUTES }[] = [
  { method: 'POST', route: 'contacts' },
  { method: 'GET', route: 'webhooks' },
  { method: 'POST', route: 'webhooks' },
  { method: 'GET', route: 'webhook' },
  { method: 'PATCH', route: 'webhook' },
  { method: 'DELETE', route: 'webhook' },
  { method: 'GET', route: 'webhookSamples' },
];
