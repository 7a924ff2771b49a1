/** The Clarky node's parameters are core's ACTIONS, laid out the way n8n's own resource/operation nodes are. */
import type { INodeProperties } from 'n8n-workflow';
import { ACTIONS, ACTION_RESOURCES, type ActionOperation } from '@clarky/core';
import { Clarky } from '../nodes/Clarky/Clarky.node';

const clarky = new Clarky();
const { properties } = clarky.description;

/** The top-level parameters n8n shows for one operation. */
function shownFor(operation: ActionOperation): INodeProperties[] {
  return properties.filter(
    (property) =>
      property.displayOptions?.show?.resource?.includes(operation.resource) &&
      property.displayOptions.show.operation?.includes(operation.verb),
  );
}

it('offers every resource, and under each exactly its operations, with n8n’s action text', () => {
  const resource = properties.find((property) => property.name === 'resource')!;
  expect(resource.noDataExpression).toBe(true);
  expect(resource.options!.map((option) => 'value' in option && option.value).sort()).toEqual(
    ACTION_RESOURCES.map((entry) => entry.key).sort(),
  );
  for (const { key } of ACTION_RESOURCES) {
    const operation = properties.find(
      (property) => property.name === 'operation' && property.displayOptions?.show?.resource?.includes(key),
    )!;
    expect(operation.noDataExpression).toBe(true);
    const expected = ACTIONS.filter((action) => action.resource === key);
    expect(operation.options).toEqual(
      expect.arrayContaining(
        expected.map((action) =>
          expect.objectContaining({ name: action.label, value: action.verb, action: expect.any(String) }),
        ),
      ),
    );
    expect(operation.options).toHaveLength(expected.length);
  }
});

it('shows each operation’s required fields on their own and its optional ones in one collection', () => {
  for (const operation of ACTIONS) {
    const shown = shownFor(operation);
    const collection = shown.find((property) => property.type === 'collection');
    const inCollection = (collection?.options ?? []) as INodeProperties[];
    for (const field of operation.fields) {
      const where = field.required ? shown : inCollection;
      const property = where.find((candidate) => candidate.displayName.startsWith(field.label));
      expect({ operation: operation.key, field: field.key, found: property !== undefined }).toEqual({
        operation: operation.key,
        field: field.key,
        found: true,
      });
      if (field.required) expect(property!.required).toBe(true);
    }
    const listParameters = shown.filter((property) => ['returnAll', 'limit'].includes(property.name));
    expect(listParameters).toHaveLength(operation.list ? 2 : 0);
  }
});

it('reads agents and pipeline stages through loadOptions methods the node has, named "... Name or ID"', () => {
  const dynamic = properties
    .flatMap((property) => [property, ...((property.options ?? []) as INodeProperties[])])
    .filter((property) => property.typeOptions?.loadOptionsMethod);
  expect(new Set(dynamic.map((property) => property.typeOptions!.loadOptionsMethod))).toEqual(
    new Set(Object.keys(clarky.methods.loadOptions)),
  );
  for (const property of dynamic) expect(property.displayName).toMatch(/ Name or ID$/);
});
