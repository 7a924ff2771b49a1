/**
 * Zapier's integration checks (docs.zapier.com/platform/publish/integration-checks-reference) that
 * can be decided offline from the app definition. `zapier-platform validate` without style checks
 * runs none of them; the online style check and the Zap-history checks (T00x) need Zapier.
 */
import { DefaultPayloadSchema, EVENT_KEYS, VARIABLE_NAMES, buildDefaultPayload } from '@clarky/core';
import nock from 'nock';
import { clarkyBaseUrl } from '../src/base-url';
import { API, App, ORIGIN, agent, appTester, authData, hookOperation, listPage } from './fixtures';

type Field = { key: string; label?: string; helpText?: string; type?: string; required?: boolean };
type OutputField = { key: string; type?: string; required?: boolean };

const triggers = Object.values(App.triggers);
/** Every step a user picks: triggers, creates and searches. */
const steps = [...triggers, ...Object.values(App.creates ?? {}), ...Object.values(App.searches ?? {})];
const authFields = (App.authentication?.fields ?? []) as Field[];
const inputFields = steps.flatMap(
  (step) => ('inputFields' in step.operation ? step.operation.inputFields : []) as Field[],
);

/** Words Zapier's title case keeps lower case unless they open or close the label. */
const SMALL_WORDS = new Set([
  'a',
  'an',
  'and',
  'as',
  'at',
  'but',
  'by',
  'for',
  'if',
  'in',
  'of',
  'on',
  'or',
  'the',
  'to',
  'via',
  'vs',
]);

function titleCase(label: string): string {
  const words = label.split(' ');
  return words
    .map((word, index) => {
      const bare = word.replace(/^\W+/, '');
      const small = SMALL_WORDS.has(bare.toLowerCase()) && index > 0 && index < words.length - 1;
      if (small) return word.toLowerCase();
      const start = word.length - bare.length;
      return word.slice(0, start) + bare.charAt(0).toUpperCase() + bare.slice(1);
    })
    .join(' ');
}

/** ISO 8601: a date, or a date and time with a zone (Z or an offset). */
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_DATE_TIME_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;
const LOOKS_LIKE_A_DATE = /\d{4}-\d{2}-\d{2}|\b\d{1,2} [A-Z][a-z]{2} \d{4}\b/;

function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap(strings);
  return [];
}

function matchesType(value: unknown, type: string | undefined): boolean {
  switch (type) {
    case 'integer':
      return Number.isInteger(value);
    case 'number':
      return typeof value === 'number';
    case 'boolean':
      return typeof value === 'boolean';
    case 'datetime':
      return typeof value === 'string' && (ISO_DATE.test(value) || ISO_DATE_TIME_WITH_ZONE.test(value));
    default:
      return typeof value === 'string';
  }
}

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

describe('Zapier integration checks that hold offline', () => {
  it('D002: every auth field links to where the user finds the value', () => {
    expect(authFields.length).toBeGreaterThan(0);
    for (const field of authFields) expect(field.helpText).toMatch(/\[[^\]]+\]\(https:\/\/[^)\s]+\)/);
  });

  it('D003: the connection label tells workspaces apart and never shows an auth field value', async () => {
    const label = App.authentication?.connectionLabel as Parameters<typeof appTester>[0];
    const labels = [];
    for (const workspace of ['w_01HFIRST', 'w_01HSECOND']) {
      nock(ORIGIN)
        .get(`${API}/agents`)
        .query(true)
        .reply(200, listPage([agent(1, workspace)]));
      labels.push(String(await appTester(label, { authData, inputData: {} })));
    }
    expect(new Set(labels).size).toBe(2);
    for (const text of labels) for (const secret of Object.values(authData)) expect(text).not.toContain(secret);
  });

  it('D007: every URL in the definition, and the API base URL, is HTTPS', () => {
    const urls = strings(App).flatMap((text) => text.match(/\b[a-z][a-z0-9+.-]*:\/\/[^\s)"'\]]+/gi) ?? []);
    expect(urls.length).toBeGreaterThan(0);
    for (const url of urls) expect(url).toMatch(/^https:\/\//);
    expect(clarkyBaseUrl()).toMatch(/^https:\/\//);
  });

  it('D011: no help text merely repeats its label', () => {
    for (const field of [...authFields, ...inputFields]) {
      expect(field.helpText).toBeDefined();
      expect(field.helpText!.trim().toLowerCase()).not.toBe((field.label ?? field.key).trim().toLowerCase());
    }
  });

  it('D012: every trigger, create and search has a static sample', () => {
    expect(steps.length).toBeGreaterThan(triggers.length);
    for (const step of steps) expect(Object.keys(step.operation.sample ?? {}).length).toBeGreaterThan(0);
  });

  it('D018: every trigger, create, search, search-or-create and field label is in Title Case', () => {
    const searchOrCreates = Object.values(App.searchOrCreates ?? {});
    expect(searchOrCreates.length).toBeGreaterThan(0);
    const labels = [
      ...[...steps, ...searchOrCreates].map((step) => step.display.label ?? ''),
      ...authFields,
      ...inputFields,
    ].map((item) => (typeof item === 'string' ? item : (item.label ?? '')));
    for (const label of labels) expect(label).toBe(titleCase(label));
  });

  it('D021: every trigger description starts with "Triggers when " and ends with "."', () => {
    for (const trigger of triggers) expect(trigger.display.description).toMatch(/^Triggers when .+\.$/);
  });

  it('D023: dates and times in samples are ISO 8601, with a time zone when they hold a time', () => {
    const dated = steps
      .flatMap((step) => strings(step.operation.sample))
      .filter((text) => LOOKS_LIKE_A_DATE.test(text));
    expect(dated.length).toBeGreaterThanOrEqual(EVENT_KEYS.length);
    for (const text of dated) expect(ISO_DATE.test(text) || ISO_DATE_TIME_WITH_ZONE.test(text)).toBe(true);
  });

  it('D024: each sample holds every required output field, each value of its declared type', () => {
    for (const step of steps) {
      const sample = (step.operation.sample ?? {}) as Record<string, unknown>;
      const fields = (step.operation.outputFields ?? []) as OutputField[];
      expect(fields.length).toBeGreaterThan(0);
      for (const field of fields) {
        if (field.required) expect(sample).toHaveProperty([field.key]);
        if (field.key in sample && !(sample[field.key] === null && !field.required)) {
          expect({ [field.key]: matchesType(sample[field.key], field.type) }).toEqual({ [field.key]: true });
        }
      }
    }
  });

  it.each(EVENT_KEYS)(
    "D006/T004/T006: %s: performList, a live hook and the static sample hold the catalog's payload, by its schema",
    async (event) => {
      const operation = hookOperation(event);
      // What Clarky records and delivers: only the values every event has, and a field a later Clarky may add.
      const recorded = { ...buildDefaultPayload({ event, timestamp: '2026-11-27T09:00:00Z' }), addedLater: 'x' };
      nock(ORIGIN)
        .get(`${API}/webhooks/samples`)
        .query({ event })
        .reply(200, { data: [recorded] });
      const listed = await appTester(operation.performList, { authData, inputData: {} });
      const hook = {
        subscribeData: { id: 'wh_1', token: 'token' },
        rawRequest: { headers: { 'Http-Authorization': 'Bearer token' } },
        cleanedRequest: { ...recorded, querystring: {} },
      };
      const live = await appTester(operation.perform, hook);
      expect(listed).toHaveLength(1);
      expect(live).toHaveLength(1);
      // D006: a performList item has exactly the keys of a live hook item: the catalog's, and what Clarky added.
      expect(Object.keys(live[0]!)).toEqual([...VARIABLE_NAMES, 'addedLater']);
      expect(Object.keys(listed[0]!).sort()).toEqual(Object.keys(live[0]!).sort());
      // T004: the static sample is a payload of this very event, every field of it a field a live event has.
      expect(Object.keys(operation.sample)).toEqual(VARIABLE_NAMES);
      expect(DefaultPayloadSchema.strict().safeParse(operation.sample).error).toBeUndefined();
      expect(operation.sample.event).toBe(event);
    },
  );
});
