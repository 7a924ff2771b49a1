/**
 * The Clarky Trigger in the real n8n 2.41.1 editor, driven in a real headless Chromium (playwright-core) the way a
 * user clicks through it, against the sandbox: log in, open the node, test the credential, listen for a test event,
 * abandon a listen, publish and unpublish. Each scenario checks what the page shows and what Clarky (the sandbox)
 * holds. Along the way it saves the screenshots the n8n-nodes README shows (n8n-nodes/docs/*.png).
 * The first run on a machine also installs n8n into a cache (a few minutes).
 */
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rename, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ACTIONS, ACTION_RESOURCES, EVENTS, ROUTES, accessAdvice, samplePayload, type Webhook } from '@clarky/core';
import { startSandbox, type Sandbox, type TriggeredEvent, type TriggerOptions } from '@clarky/sandbox';
import {
  FIND_CONTACT_NODE,
  createClarkyTrigger,
  manualClarkyWorkflow,
  noShowWorkflow,
  unpublish,
  waitFor,
  type ClarkyTrigger,
  type Credential,
  type RunningN8n,
} from '@clarky/n8n-harness';
import { launchBrowser } from '@clarky/n8n-harness/browser';
import { webhooksOf } from './clarky-webhooks';
import { clarkyN8nForTests } from './start-for-tests';

// The editor is a large single-page app: a page load is slow on a busy machine (README: Set up).
const SCENARIO_MS = 8 * 60_000;
const PAGE_MS = 120_000;

/** Where the README's screenshots live; the names are the ones it links to. */
const DOCS_DIR = path.resolve(__dirname, '..', '..', 'n8n-nodes', 'docs');
const SCREENSHOTS = {
  events: 'node-panel-events.png',
  agents: 'node-panel-agents.png',
  credentialConnected: 'credential-connected.png',
  credentialRejected: 'credential-rejected-key.png',
  testEventOutput: 'test-event-output.png',
  actionOperations: 'node-panel-operations.png',
} as const;

/**
 * The sandbox's port when free: the credential picture shows its URL, and a fixed one keeps the picture the same from
 * run to run. Any free port otherwise.
 */
const PICTURED_SANDBOX_PORT = 4017;

let sandbox: Sandbox;
let n8n: RunningN8n;
let credential: Credential;
/** The sandbox's request log (`GET /api/v1/agents 200 3 ms`, one line per API request and delivery), timed. */
const sandboxLog: Array<{ at: number; line: string }> = [];
const log = (line: string) => sandboxLog.push({ at: Date.now(), line });
clarkyN8nForTests(
  { sandbox: () => startSandbox({ port: PICTURED_SANDBOX_PORT, log }).catch(() => startSandbox({ port: 0, log })) },
  (started) => ({ sandbox, n8n, credential } = started),
);

let browser: Browser;
/** One browser session for the file: the log-in of the first scenario carries over, as in a real browser. */
let context: BrowserContext;
beforeAll(async () => {
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  context.setDefaultTimeout(PAGE_MS);
  context.setDefaultNavigationTimeout(PAGE_MS);
  await mkdir(DOCS_DIR, { recursive: true });
}, SCENARIO_MS);
afterAll(() => browser?.close(), 60_000);

/**
 * A test whose failure message ends with what n8n logged. On failure it saves what each open page showed (in a
 * temporary folder the message names) and closes the pages, so the next scenario starts afresh.
 */
function scenario(name: string, body: () => Promise<void>): void {
  test(
    name,
    async () => {
      try {
        await body();
      } catch (error) {
        const failures = await mkdtemp(path.join(os.tmpdir(), 'clarky-n8n-editor-failure-'));
        for (const [index, page] of context.pages().entries()) {
          await page.screenshot({ path: path.join(failures, `page-${index}.png`) }).catch(() => {});
          await page.close().catch(() => {});
        }
        if (error instanceof Error) {
          error.message = n8n.withLogTail(`${error.message}\n(screenshots of the pages: ${failures})`, 40);
        }
        throw error;
      }
    },
    SCENARIO_MS,
  );
}

const createTrigger = (name: string) => createClarkyTrigger(n8n, { name, credential, events: ['contact.created'] });

/** The webhooks Clarky holds at the trigger's test URL (listening) or production URL (published). */
const webhooksAt = (trigger: ClarkyTrigger, kind: 'test' | 'production') => webhooksOf(sandbox, trigger, kind);

/** Waits until Clarky holds exactly these webhooks at the URL (by count, and none of `gone`); returns them. */
async function settledWebhooks(
  trigger: ClarkyTrigger,
  kind: 'test' | 'production',
  count: number,
  gone: string[] = [],
) {
  try {
    return await waitFor(
      `${count} webhook(s) at the ${kind} URL${gone.length > 0 ? `, not ${gone.join(', ')}` : ''}`,
      () => {
        const webhooks = webhooksAt(trigger, kind);
        const fresh = webhooks.every((webhook) => !gone.includes(webhook.id));
        return webhooks.length === count && fresh ? webhooks : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 200 },
    );
  } catch (error) {
    const held = webhooksAt(trigger, kind).map((webhook) => webhook.id);
    throw new Error(`${(error as Error).message}; Clarky holds [${held.join(', ')}]`);
  }
}

/** The sandbox's log lines for the credential test's request (`GET /api/v1/agents <status>`) so far. */
function agentListings(status: number): number {
  const route = `GET ${new URL(sandbox.url).pathname}${ROUTES.agents} ${status} `;
  return sandboxLog.filter(({ line }) => line.startsWith(route)).length;
}

/** Waits until nobody has called the sandbox for `ms`: the node's create (and its clean-up) has finished. */
function sandboxQuiet(ms = 1000): Promise<true> {
  return waitFor(`the sandbox to be quiet for ${ms} ms`, () =>
    Date.now() - (sandboxLog.at(-1)?.at ?? 0) >= ms ? true : undefined,
  );
}

async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(3000); // the canvas lays itself out after the network calms down
}

async function openWorkflow(page: Page, trigger: ClarkyTrigger): Promise<void> {
  await page.goto(`${n8n.url}/workflow/${trigger.workflow.id}`);
  await page.locator('[data-test-id="canvas-node"]').first().waitFor();
  await settle(page);
}

/** Double-clicks the Clarky Trigger on the canvas: the node panel (NDV) opens. */
async function openNode(page: Page): Promise<void> {
  await page.locator('[data-test-id="canvas-node"]').first().dblclick();
  await page.locator('[data-test-id="parameter-input-events"]').waitFor();
}

/** A new tab with the trigger's workflow and its node panel open. */
async function openNodePanel(trigger: ClarkyTrigger): Promise<Page> {
  const page = await context.newPage();
  await openWorkflow(page, trigger);
  await openNode(page);
  return page;
}

/** A new tab with the workflow: "Execute workflow" clicked, then `node`'s panel opened on what it put out. */
async function executeAndOpen(workflowId: string, node: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${n8n.url}/workflow/${workflowId}`);
  await page.locator('[data-test-id="canvas-node"]').first().waitFor();
  await settle(page);
  await page.locator('[data-test-id="execute-workflow-button"]').click();
  await page.locator('[data-test-id="canvas-node"]').filter({ hasText: node }).dblclick();
  return page;
}

/** Fires `contact.created` in Clarky; it must reach exactly this webhook, once, and n8n must accept it (200). */
async function fireDeliveredTo(webhook: Webhook, options?: TriggerOptions): Promise<TriggeredEvent> {
  const fired = await sandbox.trigger('contact.created', options);
  expect(fired.deliveries.map((attempt) => [attempt.webhook_id, attempt.status])).toEqual([[webhook.id, 200]]);
  return fired;
}

/** The headlines of the options of the dropdown that is open (hidden dropdowns have no visible options). */
async function openOptions(page: Page): Promise<string[]> {
  const options = page.getByRole('option');
  await options.first().waitFor();
  return options.locator('.option-headline').allInnerTexts();
}

/** Saves the page as docs/<name>, replacing the file in one step: a test reading docs/ meanwhile never sees half. */
async function saveScreenshot(page: Page, name: string): Promise<void> {
  // No toast ("Node executed successfully") and no hover tooltip in the picture: they come and go with timing.
  const toasts = page.locator('.el-notification');
  for (const close of await toasts.locator('.el-notification__closeBtn').all()) await close.click().catch(() => {});
  await toasts.first().waitFor({ state: 'hidden' });
  await page.mouse.move(0, 0);
  await page.waitForTimeout(500);
  const file = path.join(DOCS_DIR, name);
  await writeFile(`${file}.partial`, await page.screenshot());
  await rename(`${file}.partial`, file);
}

/**
 * "Execute step" in the node panel: n8n registers the test URL with Clarky and waits for one event. Resolves with the
 * webhook Clarky then holds at the test URL, once the node has finished registering it: n8n takes the node's
 * registration (static data) into its test-webhook cache only when create returns, and a delivery that arrives
 * before that is refused with 401.
 */
async function listen(page: Page, trigger: ClarkyTrigger, gone: string[] = []): Promise<Webhook> {
  await page.locator('[data-test-id="node-execute-button"]').click();
  await page.getByText('Listening for test event').waitFor();
  const [webhook] = await settledWebhooks(trigger, 'test', 1, gone);
  await sandboxQuiet();
  return webhook!;
}

const sortedText = (values: string[]) => values.map((value) => value.trim()).sort((a, b) => a.localeCompare(b));

/** The output table's first row as `{ column: cell text }`. */
async function outputRow(page: Page): Promise<Record<string, string>> {
  const table = page.locator('[data-test-id="output-panel"] table').first();
  await table.waitFor();
  const headers = await table.locator('thead th').allInnerTexts();
  const cells = await table.locator('tbody tr').first().locator('td').allInnerTexts();
  const row: Record<string, string> = {};
  headers.forEach((header, index) => {
    if (header.trim()) row[header.trim()] = (cells[index] ?? '').trim();
  });
  return row;
}

let listeningTrigger: ClarkyTrigger;

scenario(
  'log in; the node panel lists the 16 events and the sandbox agents; the credential test passes and a wrong key gets Clarky advice',
  async () => {
    listeningTrigger = await createTrigger('Clarky Trigger in the editor');
    const page = await context.newPage();

    await page.goto(`${n8n.url}/signin`);
    await page.locator('input[type=email]').fill(n8n.owner.email);
    await page.locator('input[type=password]').fill(n8n.owner.password);
    await page.locator('input[type=password]').press('Enter');
    await page.waitForURL((url) => !url.pathname.startsWith('/signin'));

    await openWorkflow(page, listeningTrigger);
    const agentsBefore = agentListings(200);
    await openNode(page);

    // Events: every event core defines, by its display name.
    await page.locator('[data-test-id="parameter-input-events"]').click();
    expect(await openOptions(page)).toEqual(EVENTS.map((event) => event.displayName));
    await saveScreenshot(page, SCREENSHOTS.events);
    await page.keyboard.press('Escape');

    // Agents: n8n asked the node's loadOptions, which listed the sandbox's agents.
    await page.locator('[data-test-id="parameter-input-agents"]').click();
    expect(sortedText(await openOptions(page))).toEqual(sortedText(sandbox.agents.map((agent) => agent.name)));
    expect(agentListings(200)).toBeGreaterThan(agentsBefore);
    await saveScreenshot(page, SCREENSHOTS.agents);
    await page.keyboard.press('Escape');

    // The credential dialog tests the credential when it opens: one agent listing, answered 200.
    const modal = page.locator('[data-test-id="editCredential-modal"]');
    const connectedBefore = agentListings(200);
    await page.locator('[data-test-id="credential-edit-button"]').click();
    await modal.getByText('Connection tested successfully').waitFor();
    expect(agentListings(200)).toBeGreaterThan(connectedBefore);
    await saveScreenshot(page, SCREENSHOTS.credentialConnected);

    // A wrong key: Clarky answers 401 and the dialog shows, under "More details", core's advice for a rejected key
    // (the one the client's errors give too).
    const apiKey = modal.locator('[data-test-id="parameter-input-apiKey"] input');
    const rejectedBefore = agentListings(401);
    await apiKey.fill(`ck_live_${'x'.repeat(30)}`);
    await modal.locator('[data-test-id="credential-save-button"]').click();
    await modal.getByText(/Couldn.t connect with these settings/).waitFor();
    expect(agentListings(401)).toBeGreaterThan(rejectedBefore);
    await modal.getByText('More details').click();
    await modal.getByText(accessAdvice(401, { method: 'GET', path: ROUTES.agents })).waitFor();
    await saveScreenshot(page, SCREENSHOTS.credentialRejected);

    // The right key again, so that the next scenarios use a working credential.
    await apiKey.fill(sandbox.keys.write);
    await modal.locator('[data-test-id="credential-save-button"]').click();
    await modal.getByText('Connection tested successfully').waitFor();
    await page.close();
  },
);

scenario('listen for a test event, fire it in Clarky: the output shows 1 item with the fields as sent', async () => {
  const page = await openNodePanel(listeningTrigger);
  const webhook = await listen(page, listeningTrigger);
  // The sample's time and conversation instead of fresh ones, so that the picture stays the same from run to run.
  const { timestamp, conversationId, conversationUrl } = samplePayload('contact.created');
  const fired = await fireDeliveredTo(webhook, { overrides: { timestamp, conversationId, conversationUrl } });

  const output = page.locator('[data-test-id="output-panel"]');
  await output.getByText('1 item', { exact: true }).waitFor();
  const sent = Object.fromEntries(Object.entries(fired.payload).map(([key, value]) => [key, String(value)]));
  expect(await outputRow(page)).toEqual(sent);
  // The picture shows the JSON view: every field at once, where the table cuts off at the panel's edge.
  await output.locator('[data-test-id="radio-button-json"]').click();
  await output.getByText(String(fired.payload.email)).first().waitFor();
  await saveScreenshot(page, SCREENSHOTS.testEventOutput);

  // The test event is done: n8n took its test webhook down again.
  await settledWebhooks(listeningTrigger, 'test', 0);
  await page.close();
});

scenario(
  'a listen abandoned by closing the tab, then listening again: one webhook at the test URL, none after, no refused delivery',
  async () => {
    const abandoned = await openNodePanel(listeningTrigger);
    const left = await listen(abandoned, listeningTrigger);
    await abandoned.close(); // no "Stop Listening": n8n keeps the test webhook registered
    expect(webhooksAt(listeningTrigger, 'test').map((webhook) => webhook.id)).toEqual([left.id]);

    const page = await openNodePanel(listeningTrigger);
    // Listening again registers a new webhook; the abandoned one at the same URL is gone.
    const current = await listen(page, listeningTrigger, [left.id]);

    const deliveriesBefore = sandbox.deliveries().length;
    await fireDeliveredTo(current);
    await page.locator('[data-test-id="output-panel"]').getByText('1 item', { exact: true }).waitFor();

    await settledWebhooks(listeningTrigger, 'test', 0);
    const refused = sandbox.deliveries().filter((attempt) => attempt.status === 401);
    expect(refused).toEqual([]);
    expect(sandbox.deliveries().slice(deliveriesBefore)).toHaveLength(1);
    await page.close();
  },
);

scenario('publish in the editor: one production webhook in Clarky, events delivered; unpublish: none', async () => {
  const trigger = await createTrigger('Clarky Trigger published from the editor');
  try {
    await publishAndUnpublishInEditor(trigger);
  } finally {
    // Whatever the page did, the workflow ends unpublished, so that no webhook outlives the test.
    if (webhooksAt(trigger, 'production').length > 0) await unpublish(n8n, trigger.workflow.id);
  }
});

async function publishAndUnpublishInEditor(trigger: ClarkyTrigger): Promise<void> {
  const page = await context.newPage();
  await openWorkflow(page, trigger);
  expect(webhooksAt(trigger, 'production')).toEqual([]);

  await page.locator('[data-test-id="workflow-open-publish-modal-button"]').click();
  await page.locator('[data-test-id="workflow-publish-button"]').click();
  await page.getByText('Workflow published').waitFor();
  await page.getByRole('button', { name: 'Got it' }).click();
  await expectPublishButton(page, 'Published');
  const [webhook] = await settledWebhooks(trigger, 'production', 1);
  expect(webhook).toMatchObject({ events: ['contact.created'], has_bearer_token: true, enabled: true });
  await fireDeliveredTo(webhook!);

  await page.locator('[data-test-id="version-menu-button"]').click();
  await page.locator('[data-test-id="version-menu-item-unpublish"]').click();
  await page
    .locator('[data-test-id="workflow-history-version-unpublish-modal"]')
    .getByRole('button', { name: 'Unpublish' })
    .click();
  await expectPublishButton(page, 'Publish');
  await settledWebhooks(trigger, 'production', 0);
  await page.close();
}

/** The publish button in the header says "Published" once n8n has published, "Publish" when it is not. */
async function expectPublishButton(page: Page, text: string): Promise<void> {
  const button = page.locator('[data-test-id="workflow-open-publish-modal-button"]');
  await waitFor(`the publish button to say ${text}`, async () =>
    (await button.innerText()).trim() === text ? true : undefined,
  );
}

scenario("the Clarky node's panel: the resources and each contact operation, by core's labels", async () => {
  const workflow = await n8n.api.createWorkflow(
    noShowWorkflow({ name: 'Clarky node in the editor', webhookId: randomUUID(), credential }),
  );
  const page = await context.newPage();
  await page.goto(`${n8n.url}/workflow/${workflow.id}`);
  await page.locator('[data-test-id="canvas-node"]').filter({ hasText: FIND_CONTACT_NODE }).dblclick();

  // n8n sorts the lists by name and adds its own "Custom API Call" to each: an HTTP request with the credential.
  const withCustomCall = (labels: string[]) => sortedText([...labels, 'Custom API Call']);
  await page.locator('[data-test-id="parameter-input-resource"]').click();
  expect(sortedText(await openOptions(page))).toEqual(
    withCustomCall(ACTION_RESOURCES.map((resource) => resource.label)),
  );
  await page.keyboard.press('Escape');

  await page.locator('[data-test-id="parameter-input-operation"]').click();
  const contactOperations = ACTIONS.filter((operation) => operation.resource === 'contact');
  expect(sortedText(await openOptions(page))).toEqual(
    withCustomCall(contactOperations.map((operation) => operation.label)),
  );
  await saveScreenshot(page, SCREENSHOTS.actionOperations);
  await page.close();
});

scenario(
  'run the Clarky node from the editor: Get Many Agents puts out one item per agent of the workspace',
  async () => {
    const node = 'List Agents';
    const workflow = await n8n.api.createWorkflow(
      manualClarkyWorkflow({
        name: 'Clarky node run in the editor',
        node,
        operation: { resource: 'agent', operation: 'getMany' },
        parameters: { returnAll: true },
        credential,
      }),
    );
    const page = await executeAndOpen(workflow.id, node);

    const output = page.locator('[data-test-id="output-panel"]');
    await output.getByText(`${sandbox.agents.length} items`, { exact: true }).waitFor();
    // The output view is the one chosen last (JSON, since the test-event scenario): each name is in it, quoted or not.
    for (const agent of sandbox.agents) await output.getByText(agent.name).first().waitFor();
    await page.close();
  },
);

scenario(
  "a Clarky node set up wrong shows core's advice in the editor and sends nothing; set up right, the retry logs the activity",
  async () => {
    const node = 'Log a Note';
    const contact = sandbox.contacts()[0]!;
    const workflow = await n8n.api.createWorkflow(
      manualClarkyWorkflow({
        name: 'Clarky node set up wrong in the editor',
        node,
        operation: { resource: 'activity', operation: 'create' },
        parameters: { activityType: 'note', additionalFields: {} },
        credential,
      }),
    );
    const before = sandbox.activities().length;
    const page = await executeAndOpen(workflow.id, node);
    await page.getByText('give a Contact ID or a Company ID (or both)').first().waitFor();
    expect(sandbox.activities()).toHaveLength(before);
    await page.close();

    // The user gives the contact (here through the saved workflow) and runs it again from a fresh tab.
    const saved = await n8n.api.getWorkflow(workflow.id);
    const fixed = saved.nodes.map((candidate) =>
      candidate.name === node
        ? { ...candidate, parameters: { ...candidate.parameters, additionalFields: { contactId: contact.id } } }
        : candidate,
    );
    await n8n.api.updateWorkflow(workflow.id, { ...saved, nodes: fixed });
    const retry = await executeAndOpen(workflow.id, node);
    await retry.locator('[data-test-id="output-panel"]').getByText('1 item', { exact: true }).waitFor();
    expect(sandbox.activities().slice(before)).toEqual([
      expect.objectContaining({ contact_id: contact.id, activity_type: 'note' }),
    ]);
    await retry.close();
  },
);

test('every scenario left Clarky without webhooks', () => {
  expect(sandbox.webhooks()).toEqual([]);
});
