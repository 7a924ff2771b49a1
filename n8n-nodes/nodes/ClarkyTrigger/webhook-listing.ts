/**
 * The account's webhooks without one listing per workflow. When n8n starts or publishes many workflows, every
 * Clarky Trigger asks whether its webhook is there (checkExists) or which webhooks sit at its URL (create). Calls on
 * the same Clarky account share one paginated listing while they keep coming (a burst, up to a minute), so N
 * workflows cost about ceil(webhooks / 100) reads, not N. A call after a quiet spell reads Clarky afresh.
 *
 * Checks and creates keep listings apart. A check must see Clarky as it is, so this process's own creates and
 * deletes drop the check listing. A create only needs what sits at its own URL, which only this node writes, so
 * this process's own changes are applied to the create listing instead: a burst of creates reads Clarky once.
 */
import type { ClarkyClient, Webhook } from '@clarky/core';

/** A burst: calls less than this apart share the listing. */
const IDLE_MS = 5_000;
/** However busy, a listing is not used past this age. */
const MAX_AGE_MS = 60_000;

type Change = { created: Webhook } | { deleted: string };

interface Listing {
  readonly readAt: number;
  usedAt: number;
  /** Chained: own changes apply in order, after the listing has arrived. */
  webhooks: Promise<Map<string, Webhook>>;
}

class SharedListings {
  private readonly listings = new Map<string, Listing>();

  /** The account's webhooks by id, from the shared listing. */
  webhooks(account: string, client: ClarkyClient): Promise<ReadonlyMap<string, Webhook>> {
    const now = Date.now();
    let listing = this.listings.get(account);
    if (!listing || now - listing.usedAt > IDLE_MS || now - listing.readAt > MAX_AGE_MS) {
      const started: Listing = {
        readAt: now,
        usedAt: now,
        webhooks: client.listWebhooks().then((webhooks) => new Map(webhooks.map((webhook) => [webhook.id, webhook]))),
      };
      // A failed listing is not shared: the next call tries again.
      started.webhooks.catch(() => {
        if (this.listings.get(account) === started) this.listings.delete(account);
      });
      this.listings.set(account, started);
      listing = started;
    }
    listing.usedAt = now;
    return listing.webhooks;
  }

  /** Forgets the account's listing: the next call reads Clarky afresh. */
  drop(account: string): void {
    this.listings.delete(account);
  }

  /** Applies a change this process made to the account's listing, once the listing has arrived. */
  apply(account: string, change: Change): void {
    const listing = this.listings.get(account);
    if (!listing) return;
    listing.webhooks = listing.webhooks.then((webhooks) => {
      if ('created' in change) webhooks.set(change.created.id, change.created);
      else webhooks.delete(change.deleted);
      return webhooks;
    });
    listing.webhooks.catch(() => {});
  }
}

const forChecks = new SharedListings();
const forCreates = new SharedListings();

/** For checkExists: the account's webhooks as Clarky showed them at most a burst ago, never before our own changes. */
export const checkedWebhooks = (account: string, client: ClarkyClient) => forChecks.webhooks(account, client);

/** For create: the account's webhooks, with this process's own changes applied. */
export const currentWebhooks = (account: string, client: ClarkyClient) => forCreates.webhooks(account, client);

/** Tells the listings about a change this process made: `webhook` created, or the one with `id` deleted. */
export function recordChange(account: string, change: Change): void {
  forChecks.drop(account);
  forCreates.apply(account, change);
}
