/**
 * The app's creates and searches, each adapted from one of core's ACTIONS: key, label, description, input fields,
 * sample and output fields all come from core, so nothing here names a Clarky field or path.
 */
import { actionOperation, recordsOf, resourceLabel, type ActionOperation } from '@clarky/core';
import type { Bundle, Create, Search, SearchOrCreate, ZObject } from 'zapier-platform-core';
import { actionValues, inputField } from './action-fields';
import { actionOutputFields, actionSample, stepOutput } from './action-output';
import { bareDomain } from './bare-domain';
import { clarkyClient } from './clarky-client';
import { zapierKey } from './zapier-key';
import { withZapierErrors } from './zapier-errors';

/** The core operations Zapier users get as creates. */
const CREATES = ['contact.create', 'activity.create', 'company.create', 'sequence.start'];

/**
 * Searches: a find operation as core has it, or a list operation narrowed to one of its exact-match filters
 * (`by`), since Zapier uses only a search's first result.
 */
const SEARCHES: readonly {
  readonly operation: string;
  readonly by?: string;
  /** What the search makes of the filter's text before Clarky's exact match, and the help that says so. */
  readonly read?: { readonly value: (text: string) => string; readonly help: string };
}[] = [
  { operation: 'contact.getByEmail' },
  {
    operation: 'company.getMany',
    by: 'domain',
    read: {
      value: bareDomain,
      help: 'The company’s domain, e.g. example.com. A web address (https://www.example.com/about) or an email address works too: the search uses its domain.',
    },
  },
];

/** A search and the create Zapier offers when it finds nothing. */
const SEARCH_OR_CREATES = [{ search: 'contact.getByEmail', create: 'contact.create' }];

/** One Zapier step over a core operation: what the README lists. */
export interface ClarkyAction {
  readonly kind: 'create' | 'search';
  readonly key: string;
  readonly label: string;
  readonly description: string;
  readonly operation: ActionOperation;
}

const sentence = (text: string) => (text.endsWith('.') ? text : `${text}.`);

function createFrom(coreKey: string) {
  const operation = actionOperation(coreKey);
  const noun = resourceLabel(operation.resource);
  return {
    key: zapierKey(operation.key),
    noun,
    display: { label: operation.label, description: sentence(operation.description) },
    operation: {
      inputFields: operation.fields.map((field) => inputField(field)),
      perform: withZapierErrors(async (z: ZObject, bundle: Bundle) => {
        const values = actionValues(operation.fields, bundle.inputData);
        const result = (await operation.run(clarkyClient(z), values)) as Record<string, unknown>;
        return stepOutput(operation.resource, result, values);
      }, operation.fields),
      sample: actionSample(operation.resource),
      outputFields: actionOutputFields(operation.resource),
    },
  } satisfies Create;
}

function searchFrom({ operation: coreKey, by, read }: (typeof SEARCHES)[number]) {
  const operation = actionOperation(coreKey);
  const noun = resourceLabel(operation.resource);
  const filter = by === undefined ? undefined : operation.fields.find((field) => field.key === by);
  if (by !== undefined && !filter) throw new Error(`${coreKey} has no "${by}" filter`);
  // A narrowed list needs its one filter; a find operation takes its own fields.
  const fields = filter ? [read ? { ...filter, help: read.help } : filter] : operation.fields;
  const display = filter
    ? {
        label: `Find ${noun} by ${filter.label}`,
        description: `Finds a ${noun.toLowerCase()} by its ${filter.label.toLowerCase()}.`,
      }
    : { label: operation.label, description: sentence(operation.description) };
  return {
    key: filter
      ? zapierKey(`${operation.resource}.findBy${filter.label.replace(/\W/g, '')}`)
      : zapierKey(operation.key),
    noun,
    display,
    operation: {
      inputFields: fields.map((field) => inputField(field, filter ? true : undefined)),
      perform: withZapierErrors(async (z: ZObject, bundle: Bundle) => {
        const values = actionValues(fields, bundle.inputData);
        const value = filter && read && values[filter.key];
        const query = typeof value === 'string' ? { ...values, [filter!.key]: read!.value(value) } : values;
        // Zapier reads a search's answer as a list; nothing found is an empty one.
        const found = recordsOf(await operation.run(clarkyClient(z), query, 1));
        return found.map((record) => stepOutput(operation.resource, record, query));
      }, fields),
      sample: actionSample(operation.resource),
      outputFields: actionOutputFields(operation.resource),
    },
  } satisfies Search;
}

export const creates = CREATES.map(createFrom);
export const searches = SEARCHES.map(searchFrom);

const byCoreKey = <T extends { key: string }>(steps: readonly T[], coreKey: string): T => {
  const step = steps.find((candidate) => candidate.key === zapierKey(coreKey));
  if (!step) throw new Error(`no Zapier step for ${coreKey}`);
  return step;
};

export const searchOrCreates = SEARCH_OR_CREATES.map(({ search, create }) => {
  const found = byCoreKey(searches, search);
  const made = byCoreKey(creates, create);
  return {
    // Zapier requires the key of its search.
    key: found.key,
    display: {
      label: `Find or ${made.display.label}`,
      description: `Finds a ${found.noun.toLowerCase()} (${found.display.label}); when there is none, creates one (${made.display.label}).`,
    },
    search: found.key,
    create: made.key,
  } satisfies SearchOrCreate;
});

const listed = (kind: ClarkyAction['kind'], coreKey: string, step: Create | Search): ClarkyAction => ({
  kind,
  key: step.key,
  label: step.display.label ?? step.key,
  description: step.display.description ?? '',
  operation: actionOperation(coreKey),
});

/** Every create and search, in the order Zapier lists them, with the core operation behind each. */
export const CLARKY_ACTIONS: readonly ClarkyAction[] = [
  ...creates.map((step, index) => listed('create', CREATES[index]!, step)),
  ...searches.map((step, index) => listed('search', SEARCHES[index]!.operation, step)),
];
