/** A fresh sandbox workspace: what one seed gives, and what the API and the deliveries then read and change. */
import type { Agent } from '@clarky/core';
import { EventLog } from './event-log';
import { seedAgents, seedRecords, seedWorkspaceId } from './seed-data';
import { SeededRandom } from './seeded-random';
import { WebhookStore } from './webhook-store';
import type { WorkspaceRecords } from './workspace-records';

export interface Workspace {
  readonly workspaceId: string;
  readonly agents: Agent[];
  readonly records: WorkspaceRecords;
  readonly webhooks: WebhookStore;
  /** Events triggered so far, for `GET /webhooks/samples`. */
  readonly events: EventLog;
  /** Ids of what is created after the seeding. */
  readonly random: SeededRandom;
}

export function createWorkspace(seed: string): Workspace {
  const random = new SeededRandom(seed);
  const workspaceId = seedWorkspaceId(random);
  return {
    workspaceId,
    agents: seedAgents(workspaceId),
    records: seedRecords(random, workspaceId),
    webhooks: new WebhookStore(workspaceId, random),
    events: new EventLog(),
    random,
  };
}
