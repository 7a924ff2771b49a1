/**
 * What live Zaps rely on, read off the built Zapier app: the auth fields, every trigger, create, search and
 * search-or-create key, each step's input fields (key, type, required, choices, list) and its output field keys
 * (declared output fields and the sample's top-level keys). A hidden step still counts: that is how a legacy key is
 * kept working beside its successor.
 */
import type { ContractTree, ContractValue } from './compare';

interface InputField {
  key: string;
  type?: string;
  required?: boolean;
  list?: boolean;
  choices?: unknown;
}

interface Step {
  key: string;
  operation: {
    type?: string;
    inputFields?: readonly (InputField | unknown)[];
    outputFields?: readonly (InputField | unknown)[];
    sample?: Record<string, unknown>;
  };
}

export interface ZapierApp {
  authentication?: { type: string; fields?: readonly InputField[] };
  triggers?: Record<string, Step>;
  creates?: Record<string, Step>;
  searches?: Record<string, Step>;
  searchOrCreates?: Record<string, { key: string; search: string; create: string }>;
}

export function zapierContractOf(app: ZapierApp): ContractTree {
  const steps = (group: Record<string, Step> | undefined) =>
    Object.fromEntries(Object.values(group ?? {}).map((step) => [step.key, stepContract(step)]));
  return {
    authentication: {
      type: app.authentication?.type ?? 'none',
      fields: fieldsContract(app.authentication?.fields ?? []),
    },
    triggers: steps(app.triggers),
    creates: steps(app.creates),
    searches: steps(app.searches),
    searchOrCreates: Object.fromEntries(
      Object.values(app.searchOrCreates ?? {}).map((step) => [step.key, { search: step.search, create: step.create }]),
    ),
  };
}

function stepContract({ operation }: Step): ContractTree {
  const declared = (operation.outputFields ?? []).filter(isField).map((field) => field.key);
  const sampled = Object.keys(operation.sample ?? {});
  return {
    ...(operation.type ? { type: operation.type } : {}),
    inputFields: fieldsContract(operation.inputFields ?? []),
    outputFields: [...new Set([...declared, ...sampled])].sort(),
  };
}

function fieldsContract(fields: readonly (InputField | unknown)[]): ContractTree {
  return Object.fromEntries(
    fields.map((field, index) => {
      // A function makes fields at run time (dynamic fields): its place is all a contract can hold.
      if (!isField(field)) return [`(dynamic fields ${index + 1})`, 'function'];
      const choices = choiceValues(field.choices);
      const entry: Record<string, ContractValue> = {
        type: field.type ?? 'string',
        required: field.required === true,
        ...(field.list ? { list: true } : {}),
        ...(choices ? { choices } : {}),
      };
      return [field.key, entry];
    }),
  );
}

const isField = (field: unknown): field is InputField =>
  typeof field === 'object' && field !== null && typeof (field as InputField).key === 'string';

/** The values a Zap saves for a choice field, whichever of Zapier's three shapes the choices take. */
function choiceValues(choices: unknown): string[] | undefined {
  if (!choices) return undefined;
  if (!Array.isArray(choices)) return Object.keys(choices as object);
  return choices.map((choice) => (typeof choice === 'string' ? choice : String((choice as { value: unknown }).value)));
}
