/** The fetch transport and the client against a real HTTP server on 127.0.0.1: what scripts and tests use. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createClarkyClient } from '../src/api/client';
import { ROUTES } from '../src/api/routes';
import { fetchTransport } from '../src/fetch-transport';
import { API_KEY, agent, fakeClock, page, rejection, webhook } from './client-fixtures';

type Handler = (request: IncomingMessage, body: string, response: ServerResponse) => void;

let server: Server;
let origin: string;
let handle: Handler;
const received: { method?: string; url?: string; headers: IncomingMessage['headers']; body: string }[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      received.push({ method: request.method, url: request.url, headers: request.headers, body });
      handle(request, body, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  received.length = 0;
});

const json = (response: ServerResponse, status: number, value: unknown) =>
  response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' }).end(JSON.stringify(value));

describe('fetchTransport', () => {
  const request = (path: string) => ({
    method: 'POST' as const,
    url: origin + path,
    headers: { 'Content-Type': 'application/json', 'X-Test': 'yes' },
    body: { name: 'Ünïcode ✓', n: 1 },
    timeoutMs: 2_000,
  });

  it('sends the body as JSON with the given headers and parses a JSON answer', async () => {
    handle = (_request, body, response) => json(response, 201, { echoed: JSON.parse(body) });
    const response = await fetchTransport().send(request('/echo'));
    expect(response.status).toBe(201);
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(response.body).toEqual({ echoed: { name: 'Ünïcode ✓', n: 1 } });
    expect(received[0]).toMatchObject({ method: 'POST', url: '/echo', headers: { 'x-test': 'yes' } });
  });

  it('returns text for a non-JSON answer and undefined for an empty one', async () => {
    handle = (_request, _body, response) =>
      response.writeHead(502, { 'Content-Type': 'text/html' }).end('<h1>502</h1>');
    await expect(fetchTransport().send(request('/html'))).resolves.toMatchObject({ status: 502, body: '<h1>502</h1>' });
    handle = (_request, _body, response) => response.writeHead(204).end();
    await expect(fetchTransport().send(request('/empty'))).resolves.toMatchObject({ status: 204, body: undefined });
  });

  it('rejects with a TimeoutError when the server does not answer in time', async () => {
    handle = () => {}; // never answers
    const failure = fetchTransport().send({ ...request('/slow'), timeoutMs: 50 });
    await expect(failure).rejects.toMatchObject({ name: 'TimeoutError' });
  });

  it('rejects with the errno code when nothing listens on the port', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const failure = fetchTransport().send({ ...request('/'), url: `http://127.0.0.1:${port}/` });
    await expect(failure).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});

describe('the client over real HTTP', () => {
  const client = (baseUrl = `${origin}/api/v1/`) => {
    const clock = fakeClock();
    const transport = { ...fetchTransport(), sleep: clock.sleep };
    return createClarkyClient({ baseUrl, apiKey: API_KEY, transport, now: clock.now, random: () => 0.5 });
  };

  it('pages through agents with the key, against a base URL with a trailing slash', async () => {
    const agents = [agent(1), agent(2), agent(3)];
    handle = (request, _body, response) => {
      const number = Number(new URL(request.url ?? '', origin).searchParams.get('page'));
      json(response, 200, page(agents.slice(number - 1, number), number, 3, 3));
    };
    await expect(client().listAgents()).resolves.toEqual(agents);
    expect(received.map((request) => request.url)).toEqual([
      `/api/v1${ROUTES.agents}?page=1&page_size=100`,
      `/api/v1${ROUTES.agents}?page=2&page_size=100`,
      `/api/v1${ROUTES.agents}?page=3&page_size=100`,
    ]);
    expect(received.every((request) => request.headers.authorization === `Bearer ${API_KEY}`)).toBe(true);
  });

  it('retries a create refused at the door with 429, and creates exactly one webhook', async () => {
    let created = 0;
    handle = (_request, body, response) => {
      if (received.length === 1) return json(response, 429, { error: { code: 'rate_limited', message: 'Slow down' } });
      created++;
      json(response, 201, { data: webhook({ name: JSON.parse(body).name }) });
    };
    const result = await client().createWebhook({
      name: 'Once',
      url: 'https://x.example/h',
      events: ['contact.created'],
    });
    expect(result.name).toBe('Once');
    expect(created).toBe(1);
    expect(received).toHaveLength(2);
  });

  it('does not repeat a create that failed with a 500: no duplicate webhooks', async () => {
    handle = (_request, _body, response) => json(response, 500, { error: { code: 'internal_error', message: 'x' } });
    const error = await rejection(
      client().createWebhook({ name: 'Once', url: 'https://x.example/h', events: ['contact.created'] }),
    );
    expect(error.status).toBe(500);
    expect(received).toHaveLength(1);
  });

  it('reports an unreachable Clarky as network_error, naming the base URL and not the key', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const baseUrl = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/api/v1`;
    await new Promise((resolve) => closed.close(resolve));
    const error = await rejection(client(baseUrl).ping());
    expect(error).toMatchObject({ status: 0, code: 'network_error' });
    expect(error.message).toBe(
      `Could not reach Clarky at ${baseUrl} (ECONNREFUSED); check the base URL and the network connection.`,
    );
    expect(JSON.stringify(error) + error.stack).not.toContain(API_KEY);
  });
});
