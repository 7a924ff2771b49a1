/**
 * The name and description a Zap's webhook carries in Clarky, so a user looking at Settings > Webhooks can tell the
 * Zaps on one event apart: "Zapier: Booking No Show, Zap "No-show follow-up" (241880100)". Nothing relies on the name
 * (a lost subscription is found again by its hook URL), so it may say more than 0.1.0's "Zapier: <event>" did.
 *
 * What is relied on from `bundle.meta`: zapier-platform-core 19's types declare `meta.zap` as optional and
 * deprecated, holding `id` (a string or number in practice); Zapier also sends the Zap's title as `meta.zap.name`
 * where it has one (not in the types). Both are read defensively and left out when absent, e.g. in the editor's
 * test before a Zap is saved.
 */
const MAX_TITLE = 80;

/** `Zap "<title>" (<id>)`, `Zap "<title>"`, `Zap <id>`, or '' when Zapier said nothing about the Zap. */
function zapOf(meta: unknown): string {
  const zap = (meta as { zap?: { id?: unknown; name?: unknown } } | undefined)?.zap;
  const id = typeof zap?.id === 'string' || typeof zap?.id === 'number' ? String(zap.id) : '';
  const title = typeof zap?.name === 'string' ? zap.name.trim().slice(0, MAX_TITLE) : '';
  if (title) return `Zap "${title}"${id ? ` (${id})` : ''}`;
  return id ? `Zap ${id}` : '';
}

export function zapWebhookName(eventName: string, meta: unknown): string {
  const zap = zapOf(meta);
  return `Zapier: ${eventName}${zap ? `, ${zap}` : ''}`;
}

export function zapWebhookDescription(meta: unknown): string {
  const zap = zapOf(meta);
  return `Made by Zapier when ${zap || 'a Zap'} was turned on; Zapier deletes it when the Zap is turned off.`;
}
