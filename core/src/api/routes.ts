/**
 * Clarky API paths, relative to the base URL, each written once as a pattern in which `{id}` stands for a path
 * parameter. The sandbox serves the patterns; the client calls ROUTES, the same paths with the id filled in.
 * docs/clarky-api.md says which paths Clarky documents and which this project assumes.
 */
export const ROUTE_PATTERNS = {
  // Documented (docs/clarky-api.md, "Documented endpoints").
  agents: '/agents',
  contacts: '/contacts',
  contact: '/contacts/{id}',
  contactByEmail: '/contacts/by-email',
  contactActivities: '/contacts/{id}/activities',
  activities: '/activities',
  companies: '/companies',
  company: '/companies/{id}',
  pipelines: '/pipelines',
  pipelineStages: '/pipelines/{id}/stages',
  sequenceStart: '/sequences/start',
  // Assumed: see ASSUMED_ENDPOINTS.
  webhooks: '/webhooks',
  webhook: '/webhooks/{id}',
  webhookSamples: '/webhooks/samples',
} as const;

export type RouteName = keyof typeof ROUTE_PATTERNS;

/** A pattern with a parameter becomes a function of its value; a fixed path stays as it is. */
type Routes = {
  readonly [Name in RouteName]: (typeof ROUTE_PATTERNS)[Name] extends `${string}{${string}}${string}`
    ? (id: string) => string
    : (typeof ROUTE_PATTERNS)[Name];
};

const PARAMETER = /\{[^}]+\}/;

export const ROUTES = Object.fromEntries(
  Object.entries(ROUTE_PATTERNS).map(([name, pattern]) => [
    name,
    // Encoded: an id with a slash or a space must stay one path segment.
    PARAMETER.test(pattern) ? (id: string) => pattern.replace(PARAMETER, () => encodeURIComponent(id)) : pattern,
  ]),
) as Routes;

/**
 * What Clarky does not document and this project assumes (README: "Assumed API"; docs/clarky-api.md,
 * "Assumed endpoints"): the webhook endpoints follow Clarky's conventions; `POST /contacts` is the REST form the
 * quickstart implies without showing its path.
 */
export const ASSUMED_ENDPOINTS: readonly { readonly method: string; readonly route: RouteName }[] = [
  { method: 'POST', route: 'contacts' },
  { method: 'GET', route: 'webhooks' },
  { method: 'POST', route: 'webhooks' },
  { method: 'GET', route: 'webhook' },
  { method: 'PATCH', route: 'webhook' },
  { method: 'DELETE', route: 'webhook' },
  { method: 'GET', route: 'webhookSamples' },
];
