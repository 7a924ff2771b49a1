/**
 * The Clarky nodes in the real n8n 2.41.1 editor, driven in a real headless Chromium (playwright-core) the way a
 * user clicks through it, against the sandbox: log in, open the node, test the credential, listen for a test event,
 * abandon a listen, publish and unpublish; add a fresh Clarky node from the node creator, abandon it half set and
 * finish it; add the Clarky Tool to an AI Agent; watch an AI Agent (its model scripted) call the Clarky Tools. Each
 * scenario checks what the page shows and what Clarky (the sandbox) holds. Along the way it saves the screenshots
 * the n8n-nodes README shows (n8n-nodes/docs/*.png).
 * The first run on a machine also installs n8n into a cache (a few minutes).
 */
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rename, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  ACTIONS,
  ACTION_RESOURCES,
  EVENTS,
  ROUTES,
  accessAdvice,
  primaryOf,
  samplePayload,
  type Contact,
  type Webhook,
} from '@clarky/core';
import { startSandbox, type Sandbox, type TriggeredEvent, type TriggerOptions } from '@clarky/sandbox';
import {
  AGENT_NODE,
  CLARKY_NODE_TYPE,
  CLARKY_TOOL_TYPE,
  FIND_CONTACT_NODE,
  MANUAL_TRIGGER_NODE,
  agentWorkflow,
  createClarkyTrigger,
  majorOf,
  manualClarkyWorkflow,
  noShowWorkflow,
  openAiCredential,
  startScriptedModel,
  textOf,
  unpublish,
  waitFor,
  type ChatRequest,
  type ClarkyToolNode,
  type ClarkyTrigger,
  type Credential,
  type ModelTurn,
  type RunningN8n,
  type ScriptedModel,
  type Workflow,
} from '@clarky/n8n-harness';
import { launchBrowser } from '@clarky/n8n-harness/browser';
import { webhooksOf } from './clarky-webhooks';
import { clarkyN8nForTests, startForTests } from './start-for-tests';

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
  agentToolCalls: 'ai-agent-clarky-tool.png',
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
/** The AI Agent's model: a script that looks the contact up, logs a call on it, then says so (agentScript). */
let model: ScriptedModel;
startForTests(
  () => startScriptedModel(agentScript),
  (started) => (model = started),
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

/** How many requests the sandbox has answered so far with `status` at `route` (`GET /api/v1/agents 200 ...`). */
function sandboxRequests(method: string, route: string, status: number): number {
  const line = `${method} ${new URL(sandbox.url).pathname}${route} ${status} `;
  return sandboxLog.filter((entry) => entry.line.startsWith(line)).length;
}

/** The credential test's requests (`GET /api/v1/agents <status>`) so far. */
const agentListings = (status: number): number => sandboxRequests('GET', ROUTES.agents, status);

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

/** Opens the workflow in the editor and waits for its canvas to settle. */
async function openWorkflow(page: Page, workflowId: string): Promise<void> {
  await page.goto(`${n8n.url}/workflow/${workflowId}`);
  await page.locator('[data-test-id="canvas-node"]').first().waitFor();
  await settle(page);
}

const canvasNode = (page: Page, name: string) => page.locator('[data-test-id="canvas-node"]').filter({ hasText: name });

/** Double-clicks the Clarky Trigger on the canvas: the node panel (NDV) opens. */
async function openNode(page: Page): Promise<void> {
  await page.locator('[data-test-id="canvas-node"]').first().dblclick();
  await page.locator('[data-test-id="parameter-input-events"]').waitFor();
}

/** A new tab with the trigger's workflow and its node panel open. */
async function openNodePanel(trigger: ClarkyTrigger): Promise<Page> {
  const page = await context.newPage();
  await openWorkflow(page, trigger.workflow.id);
  await openNode(page);
  return page;
}

/** A new tab with the workflow: "Execute workflow" clicked, then `node`'s panel opened on what it put out. */
async function executeAndOpen(workflowId: string, node: string): Promise<Page> {
  const page = await context.newPage();
  await openWorkflow(page, workflowId);
  await page.locator('[data-test-id="execute-workflow-button"]').click();
  await canvasNode(page, node).dblclick();
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

    await openWorkflow(page, listeningTrigger.workflow.id);
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
  await openWorkflow(page, trigger.workflow.id);
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
  await canvasNode(page, FIND_CONTACT_NODE).dblclick();

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

const FIND_ACTION = 'Find contact by email';
const LOG_ACTION = 'Log activity';
const CALL_TITLE = 'Called from n8n';

const contactNamed = (lastName: string): Contact =>
  sandbox.contacts().find((contact) => contact.last_name === lastName)!;
const emailOf = (contact: Contact): string => primaryOf(contact.emails)!.email;

/** The workflow's id in the editor's address: `/workflow/<id>`, also `/workflow/<id>/<node>` and `?new=true`. */
function workflowIdOf(page: Page): string {
  const id = /^\/workflow\/([^/]+)/.exec(new URL(page.url()).pathname)?.[1];
  if (!id || id === 'new') throw new Error(`No workflow id in ${page.url()}`);
  return id;
}

/**
 * The workflow once n8n has saved it as `saved` says. n8n 2.41's editor has no Save button: it saves a change about
 * 1.5 s after it (at most 5 s).
 */
function savedWorkflow(id: string, what: string, saved: (workflow: Workflow) => boolean): Promise<Workflow> {
  return waitFor(
    `the editor to save ${what}`,
    async () => {
      const workflow = await n8n.api.getWorkflow(id);
      return saved(workflow) ? workflow : undefined;
    },
    { timeoutMs: 60_000, intervalMs: 250 },
  );
}

/** In the node creator (opened by a "+"): searches "Clarky", opens it, and picks the action by the text it lists. */
async function pickClarkyAction(page: Page, action: string): Promise<void> {
  const creator = page.locator('[data-test-id="node-creator"]');
  await page.locator('[data-test-id="node-creator-search-bar"]').fill('Clarky');
  await creator.getByText('Clarky', { exact: true }).click();
  // For a first step the creator lists Clarky's triggers and folds the actions away; after a node, actions come first.
  const actions = creator.getByText(/^Actions \(\d+\)$/);
  await actions.waitFor();
  const item = creator.getByText(action, { exact: true });
  if (!(await item.isVisible())) await actions.click();
  await item.click();
}

/** Picks the Clarky credential in the node panel, as a user does (n8n has preselected it, the only one there is). */
async function chooseCredential(page: Page): Promise<void> {
  const select = page.locator('[data-test-id="node-credentials-select"]');
  await select.click();
  await page.getByRole('option', { name: credential.name }).click();
  expect(await select.locator('input').inputValue()).toBe(credential.name);
}

/** Picks `option` in the dropdown parameter `parameter` of the open node panel (by its title, not its description). */
async function choose(page: Page, parameter: string, option: string): Promise<void> {
  await page.locator(`[data-test-id="parameter-input-${parameter}"]`).click();
  await page
    .getByRole('option')
    .filter({ has: page.getByText(option, { exact: true }) })
    .click();
}

/** Adds the optional field `label` ("Add Field") and types `value` into it; `{{ ... }}` makes it an expression. */
async function addField(page: Page, label: string, parameter: string, value: string): Promise<void> {
  await page.locator('[data-test-id="collection-parameter-add"]').click();
  await page.getByRole('option', { name: label, exact: true }).click();
  await page.locator(`[data-test-id="parameter-input-${parameter}"] input`).fill(value);
  // Leave the field, as a click elsewhere does: while it has the focus, its tip covers the "Add Field" button.
  await page.locator(':focus').blur();
}

scenario(
  'a fresh Clarky node (1.1) from the node creator runs; one left half set when the tab closes fails with advice and sends nothing; added again, it runs',
  async () => {
    const maria = contactNamed("O'Connor");
    const page = await context.newPage();
    await page.goto(`${n8n.url}/workflow/new`);
    await page.locator('[data-test-id="canvas-plus-button"]').click();
    await pickClarkyAction(page, FIND_ACTION);
    // An action as the first step: n8n puts its Manual Trigger in front of it.
    await canvasNode(page, MANUAL_TRIGGER_NODE).waitFor();
    await chooseCredential(page);
    await page.locator('[data-test-id="parameter-input-email"] input').fill(emailOf(maria));
    const lookups = sandboxRequests('GET', ROUTES.contactByEmail, 200);
    await page.locator('[data-test-id="node-execute-button"]').click();
    const output = page.locator('[data-test-id="output-panel"]');
    await output.getByText('1 item', { exact: true }).waitFor();
    await output.getByText(maria.id).first().waitFor();
    expect(sandboxRequests('GET', ROUTES.contactByEmail, 200)).toBe(lookups + 1);
    await page.locator('[data-test-id="ndv-close-button"]').click();

    // The next step, Log activity, is added with no contact, and the tab closed: what n8n saved by then stays.
    const workflowId = workflowIdOf(page);
    await canvasNode(page, FIND_ACTION).locator('[data-test-id="canvas-handle-plus"]').click();
    await pickClarkyAction(page, LOG_ACTION);
    await page.locator('[data-test-id="parameter-input-activityType"]').waitFor();
    await savedWorkflow(workflowId, `the half-set ${LOG_ACTION}`, (workflow) =>
      workflow.nodes.some((node) => node.name === LOG_ACTION),
    );
    await page.close();

    // Reopened. The closed tab never said it left (no beforeunload), so n8n still holds its write lock (for up to 2
    // minutes) and shows the workflow read-only, "Editing in another tab": the user takes it over with "Edit here".
    const reopened = await context.newPage();
    const lockAnswer = reopened.waitForResponse(
      (response) => new URL(response.url()).pathname === `/rest/workflows/${workflowId}/collaboration/write-lock`,
    );
    await reopened.goto(`${n8n.url}/workflow/${workflowId}`);
    await canvasNode(reopened, LOG_ACTION).waitFor();
    const { data: lock } = (await (await lockAnswer).json()) as { data: { clientId: string } | null };
    if (lock) {
      const readOnly = reopened.getByText('Editing in another tab');
      await readOnly.waitFor();
      await reopened.getByRole('button', { name: 'Edit here', exact: true }).click();
      await readOnly.waitFor({ state: 'hidden' });
    }
    await settle(reopened);

    // The workflow runs up to the half-set node, which stops with core's advice and sends nothing.
    const activities = sandbox.activities().length;
    await reopened.locator('[data-test-id="execute-workflow-button"]').click();
    await canvasNode(reopened, LOG_ACTION).dblclick();
    await reopened.getByText('give a Contact ID or a Company ID (or both)').first().waitFor();
    expect(sandbox.activities()).toHaveLength(activities);
    await reopened.locator('[data-test-id="ndv-close-button"]').click();

    // Removed and added again, set up right: it runs, and Clarky holds the call.
    await canvasNode(reopened, LOG_ACTION).hover();
    await canvasNode(reopened, LOG_ACTION).locator('[data-test-id="delete-node-button"]').click();
    await canvasNode(reopened, LOG_ACTION).waitFor({ state: 'detached' });
    await canvasNode(reopened, FIND_ACTION).locator('[data-test-id="canvas-handle-plus"]').click();
    await pickClarkyAction(reopened, LOG_ACTION);
    await choose(reopened, 'activityType', 'Call');
    await addField(reopened, 'Title', 'title', CALL_TITLE);
    await addField(reopened, 'Contact ID', 'contactId', '{{ $json.id }}');
    await reopened.locator('[data-test-id="node-execute-button"]').click();
    await reopened.locator('[data-test-id="output-panel"]').getByText('1 item', { exact: true }).waitFor();
    expect(sandbox.activities().slice(activities)).toEqual([
      expect.objectContaining({ contact_id: maria.id, activity_type: 'call', title: CALL_TITLE }),
    ]);

    // What n8n saved: both Clarky nodes at version 1.1 (the default), the one Log activity as finished.
    const saved = await savedWorkflow(workflowId, `the finished ${LOG_ACTION}`, (workflow) =>
      workflow.nodes.some((node) => node.name === LOG_ACTION && node.parameters.activityType === 'call'),
    );
    await reopened.close();
    expect(Object.fromEntries(saved.nodes.map((node) => [node.name, [node.type, node.typeVersion]]))).toEqual({
      [MANUAL_TRIGGER_NODE]: ['n8n-nodes-base.manualTrigger', 1],
      [FIND_ACTION]: [CLARKY_NODE_TYPE, 1.1],
      [LOG_ACTION]: [CLARKY_NODE_TYPE, 1.1],
    });
    const clarkyCredential = { clarkyApi: { id: credential.id, name: credential.name } };
    expect(saved.nodes.filter((node) => node.type === CLARKY_NODE_TYPE)).toEqual([
      expect.objectContaining({
        name: FIND_ACTION,
        parameters: expect.objectContaining({ operation: 'getByEmail', email: emailOf(maria) }),
        credentials: clarkyCredential,
      }),
      expect.objectContaining({
        name: LOG_ACTION,
        parameters: expect.objectContaining({
          resource: 'activity',
          activityType: 'call',
          additionalFields: { title: CALL_TITLE, contactId: '={{ $json.id }}' },
        }),
        credentials: clarkyCredential,
      }),
    ]);
    expect(saved.connections).toMatchObject({ [FIND_ACTION]: { main: [[{ node: LOG_ACTION }]] } });
  },
);

/** The labels of the open node panel's fields that show "Defined automatically by the model" (n8n's $fromAI pill). */
async function modelDefinedFields(page: Page): Promise<string[]> {
  const labels: string[] = [];
  for (const item of await page.locator('[data-test-id="node-parameters"] [data-test-id="parameter-item"]').all()) {
    // A collection's item holds its fields' items: only the innermost say whose pill it is.
    if ((await item.locator('[data-test-id="parameter-item"]').count()) > 0) continue;
    if ((await item.locator('[data-test-id="fromAI-override-field"]').count()) === 0) continue;
    const label = await item.locator('[data-test-id="input-label"] label').first().innerText();
    labels.push(label.split('\n')[0]!.trim());
  }
  return labels;
}

/** Waits until exactly the operation's fields (by core's labels) show as the model's; says what showed if not. */
async function expectModelDefined(page: Page, resource: string, verb: string): Promise<void> {
  const operation = ACTIONS.find((action) => action.resource === resource && action.verb === verb)!;
  const expected = sortedText(operation.fields.map((field) => field.label));
  let shown: string[] = [];
  await waitFor(`${operation.label}'s fields to be the model's`, async () => {
    shown = sortedText(await modelDefinedFields(page));
    return shown.join('|') === expected.join('|') ? true : undefined;
  }).catch((error: unknown) => {
    throw new Error(`${(error as Error).message}: expected [${expected.join(', ')}], shown [${shown.join(', ')}]`);
  });
}

scenario(
  "the Clarky Tool on an AI Agent's Tool input (version 1.1): every field shows as defined automatically by the model",
  async () => {
    const page = await context.newPage();
    await page.goto(`${n8n.url}/workflow/new`);
    await page.locator('[data-test-id="canvas-plus-button"]').click();
    const creator = page.locator('[data-test-id="node-creator"]');
    await page.locator('[data-test-id="node-creator-search-bar"]').fill(AGENT_NODE);
    await creator.getByText(AGENT_NODE, { exact: true }).first().click();
    await page.locator('[data-test-id="add-subnode-ai_tool-0"]').click();
    await page.locator('[data-test-id="node-creator-search-bar"]').fill('Clarky');
    // A tool is added as it is (Contact > Create Contact), with no list of actions first.
    await creator.getByText('Clarky Tool', { exact: true }).click();
    expect(await page.locator('[data-test-id="node-credentials-select"] input').inputValue()).toBe(credential.name);

    await choose(page, 'operation', 'Find Contact by Email');
    await expectModelDefined(page, 'contact', 'getByEmail');
    await choose(page, 'resource', 'Activity');
    await choose(page, 'operation', 'Log Activity');
    await expectModelDefined(page, 'activity', 'create');

    const saved = await savedWorkflow(workflowIdOf(page), 'the Clarky Tool on Log Activity', (workflow) =>
      workflow.nodes.some((node) => node.type === CLARKY_TOOL_TYPE && node.parameters.resource === 'activity'),
    );
    await page.close();
    const tool = saved.nodes.find((node) => node.type === CLARKY_TOOL_TYPE)!;
    expect(tool).toMatchObject({
      typeVersion: 1.1,
      parameters: { additionalFields: { contactId: expect.stringContaining("$fromAI('contact_id', `The contact") } },
    });
    expect(saved.connections).toMatchObject({ [tool.name]: { ai_tool: [[{ node: AGENT_NODE, type: 'ai_tool' }]] } });
  },
);

const FIND_TOOL = 'find_contact_by_email';
const LOG_TOOL = 'log_activity';
const AGENT_TOOLS: ClarkyToolNode[] = [
  { name: FIND_TOOL, resource: 'contact', operation: 'getByEmail', typeVersion: 1.1 },
  { name: LOG_TOOL, resource: 'activity', operation: 'create', typeVersion: 1.1 },
];
/** Where the picture puts the agent's model and tools: apart enough for the tools' long names. */
const PICTURE_LAYOUT: Record<string, [number, number]> = {
  'OpenAI Chat Model': [0, 300],
  [FIND_TOOL]: [250, 300],
  [LOG_TOOL]: [500, 300],
};

/**
 * The model's moves for "Log a call with <email>": find the contact by that email, log a call on the id it got, then
 * answer with the name it read.
 */
function agentScript(request: ChatRequest): ModelTurn {
  const email = /\S+@\S+/.exec(textOf(request.messages.find((message) => message.role === 'user')))?.[0] ?? '';
  const [found, logged] = request.messages
    .filter((message) => message.role === 'tool')
    .map((message) => JSON.parse(textOf(message)) as unknown);
  // n8n hands the model a tool's items as a list.
  const contact = (Array.isArray(found) ? found[0] : found) as Contact | undefined;
  if (!contact) return { call: [{ name: FIND_TOOL, arguments: { email } }] };
  if (!logged) {
    return {
      call: [{ name: LOG_TOOL, arguments: { activity_type: 'call', contact_id: contact.id, title: CALL_TITLE } }],
    };
  }
  return { answer: `Logged a call with ${contact.first_name} ${contact.last_name}.` };
}

scenario(
  'an AI Agent run from the editor calls the Clarky Tools: its logs show the contact found for the email the model gave',
  async () => {
    const maria = contactNamed("O'Connor");
    const path = randomUUID();
    const definition = agentWorkflow({
      name: 'Clarky Tools for an AI Agent',
      path,
      webhookId: randomUUID(),
      streaming: false,
      agentVersion: majorOf(n8n.version) >= 2 ? 3.1 : 3,
      openAi: await n8n.api.createCredential(openAiCredential(model.url)),
      clarky: credential,
      tools: AGENT_TOOLS,
    });
    const workflow = await n8n.api.createWorkflow({
      ...definition,
      nodes: definition.nodes.map((node) => ({ ...node, position: PICTURE_LAYOUT[node.name] ?? node.position })),
    });
    const page = await context.newPage();
    await page.setViewportSize({ width: 1280, height: 960 }); // room for the logs under the canvas
    await openWorkflow(page, workflow.id);

    // "Execute workflow" makes n8n listen at the Webhook's test URL; until it does, the URL answers 404.
    const activities = sandbox.activities().length;
    await page.locator('[data-test-id="execute-workflow-button"]').click();
    const answer = await waitFor(
      'n8n to take the question at the test URL',
      async () => {
        const response = await fetch(`${n8n.webhookUrl}/webhook-test/${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ question: `Log a call with ${emailOf(maria)}` }),
        });
        return response.status === 404 ? undefined : { status: response.status, body: await response.text() };
      },
      { timeoutMs: 60_000, intervalMs: 250 },
    );
    expect(answer).toEqual({ status: 200, body: JSON.stringify({ output: "Logged a call with Maria O'Connor." }) });
    expect(sandbox.activities().slice(activities)).toEqual([
      expect.objectContaining({ contact_id: maria.id, activity_type: 'call', title: CALL_TITLE }),
    ]);

    // The logs: the agent's steps, the Clarky lookup picked, with what the model asked and what Clarky answered.
    await canvasNode(page, AGENT_NODE).locator('[data-test-id="canvas-node-status-success"]').waitFor();
    const logs = page.locator('[data-test-id="logs-panel"]');
    const steps = logs.locator('[data-test-id="logs-overview-body"]');
    if (!(await steps.isVisible())) await logs.locator('[data-test-id="logs-overview-header"]').click();
    await steps.getByText(LOG_TOOL, { exact: true }).waitFor();
    await steps.getByText(FIND_TOOL, { exact: true }).click();
    await logs.locator('[data-test-id="log-details-header"]').getByText(FIND_TOOL).waitFor();
    const input = logs.locator('[data-test-id="log-details-input"]');
    if (!(await input.isVisible())) await logs.getByRole('button', { name: 'Input', exact: true }).click();
    await input.getByText(emailOf(maria)).waitFor();
    const output = logs.locator('[data-test-id="log-details-output"]');
    await output.locator('[data-test-id="radio-button-schema"]').click();
    await output.getByText(maria.id).waitFor();

    // The logs a little taller, the canvas fitted above them.
    const handle = await logs.locator('[data-test-id="resize-handle"]').first().boundingBox();
    if (handle) {
      await page.mouse.move(handle.x + handle.width / 2, handle.y + handle.height / 2);
      await page.mouse.down();
      await page.mouse.move(handle.x + handle.width / 2, handle.y - 100, { steps: 5 });
      await page.mouse.up();
    }
    await page.locator('[data-test-id="zoom-to-fit"]').click();
    await page.locator('[data-test-id="zoom-out-button"]').click();
    await saveScreenshot(page, SCREENSHOTS.agentToolCalls);
    await page.close();
  },
);

test('every scenario left Clarky without webhooks', () => {
  expect(sandbox.webhooks()).toEqual([]);
});
