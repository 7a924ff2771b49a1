/** Core's Clarky API client against the sandbox: the two sides of the same contract agree. */
import { ClarkyApiError, createClarkyClient, VARIABLES } from '@clarky/core';
import { fetchTransport } from '@clarky/core/fetch';
import type { Sandbox } from '../src';
import { EVENT, testSandbox } from './helpers';

let sandbox: Sandbox;
beforeEach(async () => {
  sandbox = await testSandbox({ rateLimits: { reads: 1_000, writes: 1_000 } });
});
afterEach(() => sandbox.close());

const client = (apiKey: string = sandbox.keys.write) =>
  createClarkyClient({ baseUrl: sandbox.url, apiKey, transport: fetchTransport(), retry: { attempts: 1 } });

it('lists agents, manages a webhook and reads samples through the client', async () => {
  const clarky = client();
  await clarky.ping();
  expect(await clarky.listAgents()).toEqual(sandbox.agents);

  const created = await clarky.createWebhook({ name: 'Client', url: 'http://127.0.0.1:9/hook', events: [EVENT] });
  expect(await clarky.getWebhook(created.id)).toEqual(created);
  expect(await clarky.listWebhooks()).toEqual([created]);
  const updated = await clarky.updateWebhook(created.id, { enabled: false });
  expect(updated.enabled).toBe(false);

  const triggered = await sandbox.trigger(EVENT, { botId: sandbox.agents[2]!.id });
  expect(await clarky.listSamples({ event: EVENT, botId: sandbox.agents[2]!.id })).toEqual([triggered.payload]);

  await clarky.deleteWebhook(created.id);
  await clarky.deleteWebhook(created.id, { ignoreMissing: true });
  await expect(clarky.getWebhook(created.id)).rejects.toMatchObject({ status: 404, code: 'not_found' });
});

it('surfaces a refused template as a validation_error naming the line', async () => {
  const misspelt = VARIABLES[2]!.name.toLowerCase();
  const creating = client().createWebhook({
    name: 'Bad template',
    url: 'http://127.0.0.1:9/hook',
    events: [EVENT],
    payload_template: `{\n"a": {{${misspelt}}}\n}`,
  });
  const error = await creating.catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(ClarkyApiError);
  expect(error).toMatchObject({ status: 422, code: 'validation_error' });
  expect((error as Error).message).toContain('line 2');
});

it('reports a write with the read key as forbidden, and a wrong key as unauthorized', async () => {
  const body = { name: 'x', url: 'http://127.0.0.1:9/hook', events: [EVENT] };
  await expect(client(sandbox.keys.read).createWebhook(body)).rejects.toMatchObject({ status: 403, code: 'forbidden' });
  await expect(client('ck_live_wrong').ping()).rejects.toMatchObject({ status: 401, code: 'unauthorized' });
});
