/** Clarky's list pages: `page` (1-based, default 1) and `page_size` (default 25, at most 100). */
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, type Pagination } from '@clarky/core';
import { validationError, type FieldProblem } from '../http/validation';

export interface Page<T> {
  readonly data: T[];
  readonly pagination: Pagination;
}

export function paginate<T>(items: readonly T[], query: URLSearchParams): Page<T> {
  const problems: FieldProblem[] = [];
  const page = integerParam(query, 'page', 1, Number.MAX_SAFE_INTEGER, problems);
  const pageSize = integerParam(query, 'page_size', DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, problems);
  if (problems.length > 0) throw validationError(problems);
  const start = (page - 1) * pageSize;
  return {
    data: items.slice(start, start + pageSize),
    pagination: { page, page_size: pageSize, total: items.length, total_pages: Math.ceil(items.length / pageSize) },
  };
}

function integerParam(query: URLSearchParams, name: string, fallback: number, max: number, problems: FieldProblem[]) {
  const raw = query.get(name);
  if (raw === null) return fallback;
  const value = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!(value >= 1 && value <= max)) {
    const range = max === Number.MAX_SAFE_INTEGER ? 'a whole number from 1' : `a whole number from 1 to ${max}`;
    problems.push({ field: name, message: `${JSON.stringify(raw)} is not allowed; use ${range}` });
  }
  return value;
}
