/**
 * Clarky's errors (and values core refused to send) as Zapier errors. Core's message already says what to do; here
 * it only gets the Zapier type that makes Zapier act on it: a rejected key marks the connection
 * expired (Zapier asks the user to reconnect), a rate limit is retried after Retry-After.
 */
import { ActionInputError, ClarkyApiError, type ActionField } from '@clarky/core';
import type { Bundle, ZObject } from 'zapier-platform-core';
import { userMessage } from './user-message';

function toZapierError(z: ZObject, error: unknown, fields: readonly ActionField[]): unknown {
  // A value core refused before sending: the message names the field by its label.
  if (error instanceof ActionInputError) return new z.errors.Error(error.message, 'invalid_input', 400);
  if (!(error instanceof ClarkyApiError)) return error;
  const message = userMessage(error, fields);
  if (error.status === 401) return new z.errors.ExpiredAuthError(message);
  if (error.status === 429) return new z.errors.ThrottledError(message, error.retryAfterSeconds);
  return new z.errors.Error(message, error.code, error.status);
}

/**
 * Wraps an operation so whatever it throws reaches Zapier in Zapier's terms; `fields` (a step's input fields) name
 * what Clarky refused by the labels the user sees.
 */
export function withZapierErrors<B extends Bundle, R>(
  operation: (z: ZObject, bundle: B) => Promise<R>,
  fields: readonly ActionField[] = [],
): (z: ZObject, bundle: B) => Promise<R> {
  return async (z, bundle) => {
    try {
      return await operation(z, bundle);
    } catch (error) {
      throw toZapierError(z, error, fields);
    }
  };
}
