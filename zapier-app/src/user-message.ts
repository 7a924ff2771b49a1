/**
 * Clarky's errors in the words of the Zap a user built: a refused value is named by its field's label with what to
 * do, and no message shows an API path (`GET /contacts` means nothing in the Zap editor). Core's messages are kept
 * where they already speak that way.
 */
import { fieldLabel, type ActionField, type ClarkyApiError } from '@clarky/core';
import { RECORD_PICKERS } from './record-pickers';

const API_PATH = /\b(?:GET|HEAD|POST|PUT|PATCH|DELETE) \/\S*/;

// Clarky names nested or list fields (`contact.emails[0]`); the Zap has one field for each.
const ZAP_FIELD: Readonly<Record<string, string>> = { emails: 'email', phone_numbers: 'phone_number' };

export function userMessage(error: ClarkyApiError, fields: readonly ActionField[] = []): string {
  // Only a step's own fields are named: a hook's subscribe has none the user filled (its URL is Zapier's).
  if (error.status === 422 && fields.length > 0) {
    const named = fieldProblems(error.details, fields);
    if (named.length > 0) return `Clarky refused ${named.join(' ')}`;
  }
  if (!API_PATH.test(error.message)) return error.message;
  if (error.status === 404) {
    return 'Clarky does not offer this step for your workspace (it answered "not found"); contact Clarky support.';
  }
  return `Clarky answered something unexpected (HTTP ${error.status}); try again later, and contact Clarky support if it keeps happening.`;
}

/** Each detail as "the <Label>: <Clarky's reason>. <What to do>." */
function fieldProblems(details: unknown, fields: readonly ActionField[]): string[] {
  const entries = Array.isArray(details)
    ? details.map((item) => item as { field?: unknown; message?: unknown })
    : typeof details === 'object' && details !== null
      ? Object.entries(details).map(([field, message]) => ({ field, message }))
      : [];
  return entries.flatMap(({ field, message }) => {
    if (typeof field !== 'string' || typeof message !== 'string') return [];
    const key = zapField(field);
    const known = fields.find((candidate) => candidate.key === key);
    const label = known?.label ?? fieldLabel(key);
    return [`the ${label}: ${withoutApiPaths(message)}.${known ? advice(key, label) : ''}`];
  });
}

function zapField(path: string): string {
  const names = path.split(/[.[\]]/).filter((part) => part !== '' && !/^\d+$/.test(part));
  const last = names.at(-1) ?? path;
  return ZAP_FIELD[last] ?? last;
}

/** Clarky's reason without the clauses that point at its API ("...; use an id from GET /contacts"). */
function withoutApiPaths(message: string): string {
  const clauses = message.split(/;\s*/).filter((clause) => !API_PATH.test(clause));
  return (clauses.join('; ') || 'not accepted').replace(/\.$/, '');
}

function advice(key: string, label: string): string {
  if (key === 'bot_id') return ` Pick an agent in the ${label} dropdown.`;
  if (RECORD_PICKERS[key]) {
    return ` Pick one in the ${label} dropdown, or add a search step before this one and map the ID it finds.`;
  }
  return ` Check the ${label} field.`;
}
