/**
 * A list route's query: Clarky answers 400 to a parameter it does not support, 422 to a bad value, and
 * applies every documented filter given. Each filter is built once from its raw value (checking it),
 * then tested on each record.
 */
import { HttpError } from '../http/http-error';
import { validationError } from '../http/validation';
import { paginate, type Page } from './pagination';

export type Filter<T> = (value: string, parameter: string) => (record: T) => boolean;

const PAGING = ['page', 'page_size'];

export function filteredPage<T>(
  items: readonly T[],
  query: URLSearchParams,
  filters: Readonly<Record<string, Filter<T>>>,
): Page<T> {
  for (const parameter of query.keys()) {
    if (!(parameter in filters) && !PAGING.includes(parameter)) {
      const supported = [...Object.keys(filters), ...PAGING].join(', ');
      throw new HttpError(
        'bad_request',
        `Unsupported query parameter ${JSON.stringify(parameter)}; use: ${supported}.`,
      );
    }
  }
  const tests = Object.entries(filters)
    .filter(([parameter]) => query.has(parameter))
    .map(([parameter, filter]) => filter(query.get(parameter)!, parameter));
  return paginate(
    items.filter((item) => tests.every((test) => test(item))),
    query,
  );
}

type Text = string | null | undefined;

/** The field equals the value exactly. */
export const exact =
  <T>(read: (record: T) => Text): Filter<T> =>
  (value) =>
  (record) =>
    read(record) === value;

/** Any of the texts contains the value, ignoring case. */
export const search =
  <T>(read: (record: T) => readonly Text[]): Filter<T> =>
  (value) => {
    const wanted = value.toLowerCase();
    return (record) => read(record).some((text) => text?.toLowerCase().includes(wanted));
  };

/** Comma-separated tags: the record has at least one of them (Clarky does not say any or all). */
export const anyTag =
  <T extends { readonly tags: readonly string[] }>(): Filter<T> =>
  (value) => {
    const wanted = value
      .split(',')
      .map((tag) => tag.trim())
      .filter(Boolean);
    return (record) => wanted.some((tag) => record.tags.includes(tag));
  };

/** An ISO 8601 bound on a timestamp: `after` keeps later records, otherwise earlier ones. */
export const timeBound =
  <T>(read: (record: T) => Text, after: boolean): Filter<T> =>
  (value, parameter) => {
    const bound = Date.parse(value);
    if (Number.isNaN(bound)) {
      throw validationError([{ field: parameter, message: `${JSON.stringify(value)} is not an ISO 8601 date-time` }]);
    }
    return (record) => {
      const time = Date.parse(read(record) ?? '');
      return after ? time > bound : time < bound;
    };
  };

/** One of a fixed set of values. */
export const oneOf =
  <T>(read: (record: T) => Text, allowed: readonly string[]): Filter<T> =>
  (value, parameter) => {
    if (!allowed.includes(value)) {
      throw validationError([
        { field: parameter, message: `${JSON.stringify(value)} is not allowed; use one of: ${allowed.join(', ')}` },
      ]);
    }
    return (record) => read(record) === value;
  };
