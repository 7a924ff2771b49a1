/** The Clarky Zapier app: API-key auth, one REST-hook trigger per Clarky event, and creates and searches from core's actions. */
import { EVENT_KEYS } from '@clarky/core';
import zapier, { defineApp } from 'zapier-platform-core';
import packageJson from '../package.json';
import { agentTrigger } from './agent-trigger';
import { authentication } from './authentication';
import { creates, searchOrCreates, searches } from './clarky-actions';
import { hookTrigger } from './hook-trigger';
import { addApiKey } from './middleware';
import { companyDropdownTrigger, contactDropdownTrigger } from './record-dropdowns';

const hookTriggers = EVENT_KEYS.map(hookTrigger);

export default defineApp({
  version: packageJson.version,
  platformVersion: zapier.version,
  authentication,
  beforeRequest: [addApiKey],
  flags: {
    cleanInputData: false,
    // Core's client reads every status, 429 included (Retry-After); Zapier must not throw first.
    throwForThrottlingEarly: false,
    // Every call goes through z.request, which Zapier logs; patching Node's http adds nothing.
    skipHttpPatch: true,
  },
  triggers: byKey([agentTrigger, contactDropdownTrigger, companyDropdownTrigger, ...hookTriggers]),
  creates: byKey(creates),
  searches: byKey(searches),
  searchOrCreates: byKey(searchOrCreates),
});

function byKey<T extends { key: string }>(steps: readonly T[]): Record<string, T> {
  return Object.fromEntries(steps.map((step) => [step.key, step]));
}
