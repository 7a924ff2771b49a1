import { ROUTES } from '@clarky/core';
import { Router, type Handler } from '../src/http/router';
import { call, testSandbox } from './helpers';

const answer =
  (name: string): Handler =>
  () => ({ status: 200, body: name });

describe('Router', () => {
  it('takes a {name} segment as a parameter, handed on percent-decoded', () => {
    const router = new Router().on('GET', '/webhooks/{id}', answer('one'));
    expect(router.match('GET', '/webhooks/wh%2F1%20b')?.params).toEqual({ id: 'wh/1 b' });
  });

  it('matches any other segment only as written, however it looks encoded', () => {
    const router = new Router().on('GET', '/webhooks/%3Aid', answer('colon'));
    expect(router.match('GET', '/webhooks/wh_1')).toBeUndefined();
    expect(router.match('GET', '/webhooks/%3Aid')).toBeUndefined();
  });

  it('matches the method and the number of segments, and the first declared route wins', () => {
    const router = new Router()
      .on('GET', '/webhooks/samples', answer('samples'))
      .on('GET', '/webhooks/{id}', answer('one'));
    const body = (method: string, path: string) => router.match(method, path)?.handler({} as never);
    expect(body('GET', '/webhooks/samples')).toEqual({ status: 200, body: 'samples' });
    expect(body('GET', '/webhooks/wh_1')).toEqual({ status: 200, body: 'one' });
    expect(router.match('DELETE', '/webhooks/wh_1')).toBeUndefined();
    expect(router.match('GET', '/webhooks/wh_1/extra')).toBeUndefined();
  });

  it('lists its routes as declared', () => {
    const router = new Router().on('GET', '/agents', answer('a')).on('DELETE', '/webhooks/{id}', answer('d'));
    expect(router.declared()).toEqual([
      { method: 'GET', pattern: '/agents' },
      { method: 'DELETE', pattern: '/webhooks/{id}' },
    ]);
  });
});

it('serves an id that holds a slash or a space as one id', async () => {
  const sandbox = await testSandbox();
  try {
    const answered = await call(sandbox, 'GET', ROUTES.webhook('wh/1 b'));
    expect(answered.status).toBe(404);
    expect(answered.body.error.message).toContain('"wh/1 b"');
  } finally {
    await sandbox.close();
  }
});
