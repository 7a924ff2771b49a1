/**
 * The webhook's HTTP method as n8n-workflow 2.41 resolves it natively (no expression engine): the resolver the
 * description declares is found under n8n's own key and gives what the template would, and n8n still falls back to
 * the template when a parameter holds an expression.
 */
import {
  WEBHOOK_RESOLVERS,
  resolveWebhookDescriptionField,
  webhookDescriptionIsNativelyResolvable,
  type INode,
  type INodeParameters,
} from 'n8n-workflow';
import { ClarkyTrigger } from '../nodes/ClarkyTrigger/ClarkyTrigger.node';

const [description] = new ClarkyTrigger().description.webhooks!;

const node = (parameters: INodeParameters): INode => ({
  id: 'node',
  name: 'Clarky Trigger',
  type: 'n8n-nodes-clarky.clarkyTrigger',
  typeVersion: 1,
  position: [0, 0],
  parameters,
});

const methodOf = (parameters: INodeParameters) =>
  resolveWebhookDescriptionField(node(parameters), description!, 'httpMethod');

describe('the webhook method, resolved without the expression engine', () => {
  it("is declared under n8n-workflow's own key, beside the template the editor and n8n 1.x evaluate", () => {
    expect(description![WEBHOOK_RESOLVERS]?.httpMethod?.template).toBe(description!.httpMethod);
    expect(description!.httpMethod).toBe('={{$parameter["options"]["httpMethod"] || "POST"}}');
    expect(webhookDescriptionIsNativelyResolvable(description!)).toBe(true);
  });

  it.each([
    [{}, 'POST'],
    [{ httpMethod: 'PUT' }, 'PUT'],
    [{ httpMethod: 'GET', verifyBearerToken: false }, 'GET'],
    [{ httpMethod: '' }, 'POST'],
  ])('options %j listen on %s, as the template says', (options, method) => {
    expect(methodOf({ events: ['booking.created'], agents: [], options })).toEqual({ resolved: true, value: method });
    expect(methodOf({ events: ['booking.created'] })).toEqual({ resolved: true, value: 'POST' });
  });

  it('is left to the expression engine when any parameter holds an expression', () => {
    expect(methodOf({ events: ['booking.created'], agents: '={{ ["b_1"] }}', options: {} })).toEqual({
      resolved: false,
    });
  });
});
