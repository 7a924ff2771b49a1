/**
 * The description a Zap's webhook carries in Clarky, so a user looking at Settings > Webhooks can tell the Zaps on
 * one event apart. Its name stays "Zapier: <event>", as 0.1.0 registered it.
 *
 * What is relied on from `bundle.meta`: zapier-platform-core 19's types declare `meta.zap` as optional and
 * deprecated, holding `id` (a string or number in practice); Zapier also sends the Zap's title as `meta.zap.name`
 * where it has one (not in the types). Both are read defensively and left out when absent, e.g. in the editor's
 * test before a Zap is saved.
 */
const MAX_TITLE = 120;

export function zapWebhookDescription(meta: unknown): string {
  const zap = (meta as { zap?: { id?: unknown; name?: unknown } } | undefined)?.zap;
  const id = typeof zap?.id === 'string' || typeof zap?.id === 'number' ? String(zap.id) : '';
  const title = typeof zap?.name === 'string' ? zap.name.trim().slice(0, MAX_TITLE) : '';
  const which = [title && `"${title}"`, id && `(Zap ${id})`].filter(Boolean).join(' ');
  return `Made by Zapier when the Zap ${which ? `${which} ` : ''}was turned on; Zapier deletes it when the Zap is turned off.`;
}
