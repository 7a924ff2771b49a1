/**
 * checkExists without one request per workflow: when n8n starts (or activates many workflows at once) every
 * Clarky Trigger asks whether its webhook is still there. Calls on the same Clarky account within a few seconds
 * share one paginated listing, so N workflows cost about ceil(webhooks / 100) reads, not N.
 * This process's own creates and deletes drop the account's listing, so a node never reads its own stale state.
 */
import type { ClarkyClient, Webhook } from '@clarky/core';

/** How long one listing answers checkExists calls: long enough for a burst of activations, short enough to see edits. */
const SHARED_FOR_MS = 5_000;

interface Listing {
  readonly startedAt: number;
  readonly webhooks: Promise<ReadonlyMap<string, Webhook>>;
}

const listings = new Map<string, Listing>();

/** The webhook with this id as a recent listing of the account shows it; undefined when it is not there. */
export async function listedWebhook(account: string, client: ClarkyClient, id: string): Promise<Webhook | undefined> {
  const now = Date.now();
  let listing = listings.get(account);
  if (!listing || now - listing.startedAt > SHARED_FOR_MS) {
    const started: Listing = {
      startedAt: now,
      webhooks: client.listWebhooks().then((webhooks) => new Map(webhooks.map((webhook) => [webhook.id, webhook]))),
    };
    // A failed listing is not shared: the next call tries again.
    started.webhooks.catch(() => {
      if (listings.get(account) === started) listings.delete(account);
    });
    listings.set(account, started);
    listing = started;
  }
  return (await listing.webhooks).get(id);
}

/** After this process changed the account's webhooks. */
export function forgetListing(account: string): void {
  listings.delete(account);
}
