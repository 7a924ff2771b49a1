/**
 * What saved n8n workflows rely on, read off the package as n8n loads it (n8n-core's PackageDirectoryLoader over the
 * packed tarball): node types and versions, every parameter's name, type, option values, default and whether it is
 * required, the credentials and their fields, the webhook paths, and the fields each node outputs.
 *
 * A parameter is named by its path and the display conditions it is shown under, one entry per combination
 * (`email [operation=create; resource=contact]`): showing a parameter for one more operation is then an addition.
 */
import { PackageDirectoryLoader } from 'n8n-core';
import type {
  ICredentialType,
  INodeProperties,
  INodePropertyCollection,
  INodePropertyOptions,
  INodeType,
  INodeTypeDescription,
  IVersionedNodeType,
} from 'n8n-workflow';
import { SAMPLE_RECORDS, VARIABLE_NAMES, actionOperation } from '@clarky/core';
import type { ContractTree, ContractValue } from './compare';

/** The fields a node's output items carry, by what the node was set to do; n8n's descriptions do not state them. */
export type OutputsOf = (nodeType: string, parameters: ContractTree) => ContractTree;

/** Clarky passes Clarky's records through: the Clarky node outputs the record of its resource, the trigger the payload. */
export const clarkyOutputs: OutputsOf = (nodeType, parameters) => {
  if (nodeType.endsWith('.clarkyTrigger')) return { default: [...VARIABLE_NAMES] };
  const outputs: Record<string, ContractValue> = {};
  for (const [key, parameter] of Object.entries(parameters)) {
    const resource = /^operation \[resource=(\w+)\]$/.exec(key)?.[1];
    if (!resource) continue;
    for (const verb of (parameter as { options: string[] }).options) {
      const operation = actionOperation(`${resource}.${verb}`);
      outputs[operation.key] = Object.keys(SAMPLE_RECORDS[operation.resource]);
    }
  }
  return outputs;
};

/** Loads an unpacked n8n community package the way n8n does, and reads its contract. */
export async function n8nContractOf(packageDir: string, outputsOf: OutputsOf = clarkyOutputs): Promise<ContractTree> {
  const loader = new PackageDirectoryLoader(packageDir);
  await loader.loadAll();
  const credentials = Object.fromEntries(
    Object.entries(loader.credentialTypes).map(([name, { type }]) => [name, credentialContract(type)]),
  );
  const nodes = Object.fromEntries(
    Object.entries(loader.nodeTypes).map(([name, { type }]) => {
      const nodeType = `${loader.packageName}.${name}`;
      return [nodeType, nodeContract(nodeType, type, outputsOf)];
    }),
  );
  return { package: loader.packageName, credentials, nodes };
}

export function credentialContract(credential: ICredentialType): ContractTree {
  return parametersOf(credential.properties);
}

/** Each version the node runs saved workflows of, as that version shows itself. */
export function nodeContract(
  nodeType: string,
  type: INodeType | IVersionedNodeType,
  outputsOf: OutputsOf,
): ContractTree {
  const versions: [number, INodeTypeDescription][] =
    'nodeVersions' in type
      ? Object.entries(type.nodeVersions).flatMap(([, node]) => versionsOf(node.description))
      : versionsOf(type.description);
  return Object.fromEntries(
    versions.map(([version, description]) => {
      const parameters = parametersOf(description.properties, version);
      return [
        String(version),
        {
          credentials: (description.credentials ?? []).map((credential) => credential.name),
          // The path is in the URL Clarky holds; the method follows the saved options, which the replay proves.
          webhooks: Object.fromEntries((description.webhooks ?? []).map((webhook) => [webhook.name, webhook.path])),
          parameters,
          outputs: outputsOf(nodeType, parameters),
        },
      ];
    }),
  );
}

function versionsOf(description: INodeTypeDescription): [number, INodeTypeDescription][] {
  const versions = Array.isArray(description.version) ? description.version : [description.version];
  return versions.map((version) => [version, description]);
}

type Conditions = Readonly<Record<string, readonly unknown[] | undefined>>;

/** Flattens properties (and the fields inside collections) into `path [conditions]` entries. */
function parametersOf(properties: readonly INodeProperties[], version?: number): ContractTree {
  const entries: Record<string, ContractTree> = {};
  const add = (property: INodeProperties, prefix: string, inherited: Conditions) => {
    const show = property.displayOptions?.show ?? {};
    if (version !== undefined && !shownIn(show['@version'], version)) return;
    const conditions = { ...inherited, ...withoutVersion(show) };
    for (const suffix of conditionKeys(conditions)) {
      const key = `${prefix}${property.name}${suffix}`;
      if (key in entries) throw new Error(`Two parameters are saved as "${key}": n8n could not tell them apart`);
      entries[key] = parameterContract(property);
    }
    for (const child of property.options ?? []) {
      if (property.type === 'collection') add(child as INodeProperties, `${prefix}${property.name}.`, conditions);
      if (property.type === 'fixedCollection') {
        const group = child as INodePropertyCollection;
        for (const value of group.values) add(value, `${prefix}${property.name}.${group.name}.`, conditions);
      }
    }
  };
  for (const property of properties) add(property, '', {});
  return entries;
}

function parameterContract(property: INodeProperties): ContractTree {
  const isChoice = property.type === 'options' || property.type === 'multiOptions';
  const options = isChoice ? (property.options ?? []).map((option) => (option as INodePropertyOptions).value) : [];
  return {
    type: property.type,
    default: (property.default ?? null) as ContractValue,
    required: property.required === true,
    ...(isChoice && !property.typeOptions?.loadOptionsMethod ? { options: options as ContractValue[] } : {}),
  };
}

const withoutVersion = (show: Conditions): Conditions =>
  Object.fromEntries(Object.entries(show).filter(([name]) => name !== '@version'));

/** One ` [a=x; b=y]` suffix per combination of the values shown for, names sorted: stable under reordering. */
function conditionKeys(conditions: Conditions): string[] {
  const names = Object.keys(conditions).sort();
  if (names.length === 0) return [''];
  let combinations: string[][] = [[]];
  for (const name of names) {
    const values = (conditions[name] ?? []).map((value) => `${name}=${String(value)}`);
    combinations = combinations.flatMap((combination) => values.map((value) => [...combination, value]));
  }
  return combinations.map((combination) => ` [${combination.join('; ')}]`);
}

/** Whether `@version` conditions (numbers, or n8n's `{ _cnd: { gte: 1.1 } }`) include `version`. */
function shownIn(conditions: readonly unknown[] | undefined, version: number): boolean {
  if (!conditions) return true;
  return conditions.some((condition) => {
    if (typeof condition === 'number') return condition === version;
    const test = (condition as { _cnd?: Record<string, number> })._cnd ?? {};
    return Object.entries(test).every(([operator, bound]) => COMPARE[operator]?.(version, bound) ?? false);
  });
}

const COMPARE: Record<string, (version: number, bound: number) => boolean> = {
  eq: (version, bound) => version === bound,
  gt: (version, bound) => version > bound,
  gte: (version, bound) => version >= bound,
  lt: (version, bound) => version < bound,
  lte: (version, bound) => version <= bound,
};
