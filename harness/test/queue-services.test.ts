/** Whether queue mode can run here: PostgreSQL and Redis from the environment, and what a missing one tells the user. */
import { createServer } from 'node:net';
import { queueServicesFromEnv, queueServicesUnavailable } from '../src/queue-mode';

/** A port that was free a moment ago: nothing answers on it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

test('reads PGHOST, PGPORT, PGUSER, PGDATABASE and REDIS_URL, with the local defaults for what is unset', () => {
  expect(queueServicesFromEnv({})).toEqual({
    postgres: { host: '127.0.0.1', port: 5432, user: 'postgres', adminDatabase: 'postgres' },
    redis: { host: '127.0.0.1', port: 6379 },
  });
  const env = { PGHOST: 'db', PGPORT: '6543', PGUSER: 'ci', PGDATABASE: 'admin', REDIS_URL: 'redis://cache:7000' };
  expect(queueServicesFromEnv(env)).toEqual({
    postgres: { host: 'db', port: 6543, user: 'ci', adminDatabase: 'admin' },
    redis: { host: 'cache', port: 7000 },
  });
});

test('names each service that does not answer, where it looked, and the settings that point elsewhere', async () => {
  const [pg, redis] = [await closedPort(), await closedPort()];
  const reason = queueServicesUnavailable(
    queueServicesFromEnv({ PGPORT: String(pg), REDIS_URL: `redis://127.0.0.1:${redis}` }),
  );
  expect(reason).toMatch(
    new RegExp(`^no PostgreSQL at 127\\.0\\.0\\.1:${pg} and Redis at 127\\.0\\.0\\.1:${redis} answered`),
  );
  expect(reason).toContain('PGHOST');
  expect(reason).toContain('REDIS_URL');

  // A TCP listener stands in for PostgreSQL: the check is a connect, so only Redis is named.
  const listening = createServer();
  await new Promise<void>((resolve) => listening.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = listening.address() as { port: number };
    const onlyRedis = queueServicesUnavailable(
      queueServicesFromEnv({ PGPORT: String(port), REDIS_URL: `redis://127.0.0.1:${redis}` }),
    );
    expect(onlyRedis).toMatch(new RegExp(`^no Redis at 127\\.0\\.0\\.1:${redis} answered`));
  } finally {
    listening.close();
  }
});
