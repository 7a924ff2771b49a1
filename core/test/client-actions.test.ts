/**
 * The action operations where only a scripted Clarky can answer: what the sandbox never sends (stages out
 * of order, an empty 202, a 500 on a start). Everything else is tested against the sandbox
 * (sandbox/test/client-actions.test.ts).
 */
import nock from 'nock';
import { ROUTES } from '../src/api/routes';
import { BASE_URL, clarkyError, isolateNetwork, rejection, testClient } from './client-fixtures';

isolateNetwork();

const stage = (id: string, order_index: number) => ({ id, name: `Stage ${id}`, order_index });

it('orders stages by order_index whatever order Clarky sends them in', async () => {
  const scope = nock(BASE_URL)
    .get(ROUTES.pipelineStages('p_1'))
    .reply(200, { data: [stage('c', 2), stage('a', 0), stage('b', 1)] });
  const { client } = testClient();
  expect((await client.listPipelineStages('p_1')).map((each) => each.id)).toEqual(['a', 'b', 'c']);
  scope.done();
});

it('reads a 202 without a body as a pending start', async () => {
  const scope = nock(BASE_URL).post(ROUTES.sequenceStart).reply(202);
  const { client } = testClient();
  const started = await client.startSequence({ template_id: 'st_1', contact: { emails: ['a@example.com'] } });
  expect(started).toEqual({ status: 'pending_approval', data: {} });
  scope.done();
});

it('does not start a sequence twice after a 500: the first may have been queued', async () => {
  const scope = nock(BASE_URL).post(ROUTES.sequenceStart).once().reply(500, clarkyError('internal_error', 'boom'));
  const { client, clock } = testClient();
  const error = await rejection(client.startSequence({ template_id: 'st_1', contact: { phone_numbers: ['+1'] } }));
  expect(error.status).toBe(500);
  expect(error.message).toContain('look for it in Clarky before creating it again');
  expect(clock.sleeps).toEqual([]);
  scope.done();
});
