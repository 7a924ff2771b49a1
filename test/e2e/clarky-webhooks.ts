/** What Clarky holds for a Clarky Trigger in n8n, as the e2e suites check it after n8n publishes or listens. */
import type { Webhook } from '@clarky/core';
import type { Sandbox } from '@clarky/sandbox';
import { publish, type ClarkyTrigger, type RunningN8n } from '@clarky/n8n-harness';

/** The webhooks Clarky holds at the trigger's production URL, or at its test URL (the editor listening). */
export function webhooksOf(sandbox: Sandbox, trigger: ClarkyTrigger, kind: 'production' | 'test' = 'production') {
  const url = kind === 'production' ? trigger.url : trigger.url.replace('/webhook/', '/webhook-test/');
  return sandbox.webhooks().filter((webhook) => webhook.url === url);
}

/** Publishes (through `n8n`, main in queue mode); then Clarky must hold exactly one webhook for it: returns it. */
export async function publishedWebhook(n8n: RunningN8n, sandbox: Sandbox, trigger: ClarkyTrigger): Promise<Webhook> {
  expect(await publish(n8n, trigger.workflow.id)).toMatchObject({ status: 'published' });
  const webhooks = webhooksOf(sandbox, trigger);
  expect(webhooks).toHaveLength(1);
  return webhooks[0]!;
}
