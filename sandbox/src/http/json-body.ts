/** Reading a request's JSON body: malformed or oversized input is a 400, never a crash. */
import type { IncomingMessage } from 'node:http';
import { HttpError } from './http-error';

const MAX_BODY_BYTES = 1_048_576;

/** The parsed body, or undefined when the request has none. */
export async function readJsonBody(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) {
      throw new HttpError('bad_request', `Request body is larger than ${MAX_BODY_BYTES} bytes; send less.`);
    }
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new HttpError(
      'bad_request',
      `Request body is not valid JSON (${(error as Error).message}); send a JSON object.`,
    );
  }
}

/** The body as a JSON object, or a 400 saying what was expected. */
export function requireObject(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new HttpError('bad_request', 'Request body must be a JSON object.');
  }
  return body as Record<string, unknown>;
}
