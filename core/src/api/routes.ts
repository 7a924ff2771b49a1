/** Clarky API paths, relative to the base URL. The sandbox serves these; the client calls them. */
export const ROUTES = {
  agents: '/agents',
  contacts: '/contacts',
  webhooks: '/webhooks',
  webhook: (id: string) => `/webhooks/${encodeURIComponent(id)}`,
  webhookSamples: '/webhooks/samples',
} as const;
