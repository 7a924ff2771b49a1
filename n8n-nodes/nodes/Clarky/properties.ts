/**
 * The Clarky node's parameters, generated from core's ACTIONS so a label, a field or an operation is written once:
 * Resource, then Operation per resource (n8n's own pattern), then each operation's fields. Required fields stand
 * alone; optional ones go in a collection ("Filters" on lists, "Additional Fields" elsewhere), so nothing a user
 * did not add is sent. Lists get n8n's Return All / Limit.
 */
import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import {
  ACTIONS,
  ACTION_RESOURCES,
  fieldLabel,
  type ActionChoices,
  type ActionField,
  type ActionOperation,
  type ActionResource,
} from '@clarky/core';
import { fromAI, modelFills, toolDescription } from './tool';

/** The node's loadOptions method per kind of choices a field reads from Clarky. */
export const LOAD_OPTIONS_METHOD: Readonly<Record<ActionChoices, string>> = {
  agents: 'getAgents',
  pipelineStages: 'getPipelineStages',
};

/** n8n names parameters in camelCase: Clarky's `bot_id` is `botId`. */
export function parameterName(field: ActionField): string {
  return field.key.replace(/_([a-z])/g, (_match, letter: string) => letter.toUpperCase());
}

/** The collection an operation's optional fields are in. */
export function optionalFieldsName(operation: ActionOperation): 'filters' | 'additionalFields' {
  return operation.list ? 'filters' : 'additionalFields';
}

const DYNAMIC_OPTIONS_HINT =
  'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.';

/** "Find Contact by Email" → "Find contact by email": n8n's action text is in sentence case. */
const sentenceCase = (label: string) => label.charAt(0) + label.slice(1).toLowerCase();

const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);

function fieldProperty(field: ActionField): INodeProperties {
  const described = (extra?: string) => {
    const description = [field.help, extra].filter(Boolean).join(' ');
    return description ? { description } : {};
  };
  const base = {
    displayName: field.label,
    name: parameterName(field),
    ...(field.example ? { placeholder: `e.g. ${field.example}` } : {}),
  };
  if (field.choices) {
    return {
      ...base,
      displayName: `${field.label} Name or ID`,
      type: 'options',
      typeOptions: { loadOptionsMethod: LOAD_OPTIONS_METHOD[field.choices] },
      default: '',
      ...described(DYNAMIC_OPTIONS_HINT),
    };
  }
  if (field.options) {
    const options = field.options.map((value) => ({ name: fieldLabel(value), value }));
    return { ...base, type: 'options', options: options.sort(byName), default: field.options[0], ...described() };
  }
  switch (field.type) {
    case 'number':
      return { ...base, type: 'number', default: 0, ...described() };
    case 'boolean':
      return { ...base, type: 'boolean', default: false, ...described() };
    case 'datetime':
      return { ...base, type: 'dateTime', default: '', ...described() };
    case 'list':
      return { ...base, type: 'string', default: '', ...described('Comma-separated.') };
    default:
      return { ...base, type: 'string', default: '', ...described() };
  }
}

type Conditions = NonNullable<NonNullable<INodeProperties['displayOptions']>['show']>;

/** Shows a parameter only for this operation of its resource. */
const shownFor = (operation: ActionOperation, extra: Conditions = {}) => ({
  show: { resource: [operation.resource], operation: [operation.verb], ...extra },
});

/**
 * Who a copy of an operation's fields is for. Version 1 is kept exactly as saved workflows know it (n8n does not
 * save defaults, so a tool saved with Type left at Note must stay a note). Version 1.1 is the node and, as a tool,
 * the same fields filled by the model: `$fromAI()` defaults with descriptions.
 */
interface FieldsFor {
  readonly show: Conditions;
  readonly modelFilled: boolean;
}
const FROM_VERSION_1_1 = [{ _cnd: { gte: 1.1 } }];
const FIELDS_FOR: readonly FieldsFor[] = [
  { show: { '@version': [1] }, modelFilled: false },
  { show: { '@version': FROM_VERSION_1_1, '@tool': [false] }, modelFilled: false },
  { show: { '@version': FROM_VERSION_1_1, '@tool': [true] }, modelFilled: true },
];

function listProperties(operation: ActionOperation): INodeProperties[] {
  return [
    {
      displayName: 'Return All',
      name: 'returnAll',
      type: 'boolean',
      default: false,
      description: 'Whether to return all results or only up to a given limit',
      displayOptions: shownFor(operation),
    },
    {
      displayName: 'Limit',
      name: 'limit',
      type: 'number',
      typeOptions: { minValue: 1 },
      default: 50,
      description: 'Max number of results to return',
      displayOptions: shownFor(operation, { returnAll: [false] }),
    },
  ];
}

/** The tool's description, for the model; n8n adds its own generic one ("<action> in Clarky") when a node has none. */
function toolDescriptionProperty(operation: ActionOperation): INodeProperties {
  return {
    displayName: 'Description',
    name: 'toolDescription',
    type: 'string',
    typeOptions: { rows: 2 },
    default: toolDescription(operation),
    description: 'What the model is told this tool does',
    displayOptions: shownFor(operation, { '@tool': [true] }),
  };
}

interface OperationFields {
  readonly required: INodeProperties[];
  /** The collection of the optional fields, if there are any. */
  readonly optional: INodeProperties[];
}

function operationFields(operation: ActionOperation, { show, modelFilled }: FieldsFor): OperationFields {
  const byModel = (field: ActionField) => modelFilled && modelFills(field);
  const property = (field: ActionField): INodeProperties => ({
    ...fieldProperty(field),
    ...(byModel(field) ? { default: fromAI(field) } : {}),
  });
  const required = operation.fields.filter((field) => field.required);
  const optional = operation.fields.filter((field) => !field.required);
  const requiredProperties: INodeProperties[] = required.map((field) => ({
    ...property(field),
    required: true,
    displayOptions: shownFor(operation, show),
  }));
  if (optional.length === 0) return { required: requiredProperties, optional: [] };
  const filters = optionalFieldsName(operation) === 'filters';
  // As a tool, every optional field the model fills is there from the start: the model leaves out what it need not.
  const added = optional.filter(byModel).map((field) => [parameterName(field), fromAI(field)]);
  const collection: INodeProperties = {
    displayName: filters ? 'Filters' : 'Additional Fields',
    name: optionalFieldsName(operation),
    type: 'collection',
    placeholder: filters ? 'Add Filter' : 'Add Field',
    default: { ...Object.fromEntries(added) },
    displayOptions: shownFor(operation, show),
    options: optional.map(property).sort((a, b) => a.displayName.localeCompare(b.displayName)),
  };
  return { required: requiredProperties, optional: [collection] };
}

function operationProperty(resource: ActionResource): INodeProperties {
  const operations = ACTIONS.filter((operation) => operation.resource === resource);
  const options: INodePropertyOptions[] = operations.map((operation) => ({
    name: operation.label,
    value: operation.verb,
    description: operation.description,
    action: sentenceCase(operation.label),
  }));
  const firstOperation = operations[0]!.verb;
  return {
    displayName: 'Operation',
    name: 'operation',
    type: 'options',
    noDataExpression: true,
    displayOptions: { show: { resource: [resource] } },
    options: options.sort(byName),
    default: firstOperation,
  };
}

const firstResource = ACTION_RESOURCES[0]!.key;
const resourceProperty: INodeProperties = {
  displayName: 'Resource',
  name: 'resource',
  type: 'options',
  noDataExpression: true,
  options: ACTION_RESOURCES.map((resource) => ({ name: resource.label, value: resource.key })).sort(byName),
  default: firstResource,
};

export const CLARKY_PROPERTIES: INodeProperties[] = [
  resourceProperty,
  ...ACTION_RESOURCES.map((resource) => operationProperty(resource.key)),
  ...ACTIONS.flatMap((operation) => {
    const copies = FIELDS_FOR.map((fieldsFor) => operationFields(operation, fieldsFor));
    // In the order the editor shows them: required fields, Return All / Limit, then the optional ones.
    return [
      toolDescriptionProperty(operation),
      ...copies.flatMap((fields) => fields.required),
      ...(operation.list ? listProperties(operation) : []),
      ...copies.flatMap((fields) => fields.optional),
    ];
  }),
];
