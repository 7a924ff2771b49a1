/**
 * The contract of saved work: the packages as users get them keep n8n-nodes/contract.json and zapier-app/contract.json,
 * and the check tells a breaking change (a rename, a removed option value, a changed default, a step key gone) from a
 * compatible one (an addition, a new n8n node version beside the released one, a Zapier legacy key kept hidden).
 */
import type { INodeProperties, INodeType, INodeTypeDescription } from 'n8n-workflow';
import App from 'clarky-zapier/src';
import { Clarky } from 'n8n-nodes-clarky/nodes/Clarky/Clarky.node';
import { ClarkyTrigger } from 'n8n-nodes-clarky/nodes/ClarkyTrigger/ClarkyTrigger.node';
import { builtContract, releasedContract } from '../contract/built-contracts';
import { compareContracts } from '../contract/compare';
import { clarkyOutputs, nodeContract } from '../contract/n8n-contract';
import { contractReport } from '../contract/report';
import { zapierContractOf, type ZapierApp } from '../contract/zapier-contract';

const PACK_MS = 180_000;

describe.each(['n8n', 'zapier'] as const)('the built %s package', (plugin) => {
  it(
    'keeps every name its contract file records, and the file records everything it offers',
    async () => {
      const report = contractReport(plugin, compareContracts(releasedContract(plugin), await builtContract[plugin]()));
      if (report) throw new Error(report);
    },
    PACK_MS,
  );
});

// ---- n8n: a node as the source describes it, changed the way a careless release would change it ----

const CLARKY = 'n8n-nodes-clarky.clarky';
const TRIGGER = 'n8n-nodes-clarky.clarkyTrigger';
// The baseline is the source as it is, so these tests judge the change alone, whatever the file records.
const sourceNodes: Record<string, INodeType> = { [CLARKY]: new Clarky(), [TRIGGER]: new ClarkyTrigger() };
const baseline = (nodeType: string) => nodeContract(nodeType, sourceNodes[nodeType]!, clarkyOutputs);
/** The trigger's versions as the source declares them: a careless change breaks each of them. */
const triggerVersions = [new ClarkyTrigger().description.version].flat();
const inEachTriggerVersion = (line: string) => triggerVersions.map((version) => `${version} › ${line}`);

type Properties = INodeProperties[];
const withProperties = (node: INodeType, change: (properties: Properties) => Properties, extra = {}): INodeType => ({
  ...node,
  description: { ...node.description, properties: change(structuredClone(node.description.properties)), ...extra },
});

/** The node `nodeType` after `changed`, checked against the node as it is. */
function checkNode(nodeType: string, changed: INodeType) {
  return compareContracts(baseline(nodeType), nodeContract(nodeType, changed, clarkyOutputs));
}

type PropertyOption = NonNullable<INodeProperties['options']>[number];
/** Each option of the properties named `parent` (of every property offering options, without one) changed. */
const mapOptions =
  (parent: string | undefined, change: (option: PropertyOption) => PropertyOption) => (properties: Properties) =>
    properties.map((property) =>
      property.options && (parent === undefined || property.name === parent)
        ? { ...property, options: property.options.map(change) }
        : property,
    ) as Properties;

/** Renames collection field `from` to `to` wherever it is offered (core's field keys become these names). */
const renameField = (from: string, to: string) =>
  mapOptions(undefined, (option) => ((option as INodeProperties).name === from ? { ...option, name: to } : option));

it('n8n: renaming a field (Lead Source saved as leadSource) is breaking, and the report says how to do it safely', () => {
  const diff = checkNode(CLARKY, withProperties(new Clarky(), renameField('leadSource', 'sourceOfLead')));
  expect(diff.breaking).toContain(
    '1 › parameters › additionalFields.leadSource [operation=create; resource=contact]: removed (or renamed)',
  );
  expect(contractReport('n8n', diff)).toMatch(/keep the released node version working beside a new one/);
});

it('n8n: renaming an option value that workflows saved is breaking', () => {
  const renameEvent = mapOptions('events', (option) => ({
    ...option,
    value: (option as { value: string }).value.replace('booking.no_show', 'booking.missed'),
  }));
  const diff = checkNode(TRIGGER, withProperties(new ClarkyTrigger(), renameEvent));
  expect(diff.breaking).toEqual(
    inEachTriggerVersion('parameters › events › options: "booking.no_show" removed (or renamed)'),
  );
  expect(diff.additions).toEqual(inEachTriggerVersion('parameters › events › options: "booking.missed" added'));
});

it('n8n: changing a default is breaking (n8n saves no parameter left at its default)', () => {
  const verifyOff = mapOptions('options', (option) =>
    (option as INodeProperties).name === 'verifyBearerToken' ? { ...option, default: false } : option,
  );
  const diff = checkNode(TRIGGER, withProperties(new ClarkyTrigger(), verifyOff));
  expect(diff.breaking).toEqual(
    inEachTriggerVersion('parameters › options.verifyBearerToken › default: true is now false'),
  );
});

it('n8n: making an optional parameter required is breaking; an added operation field is an addition', () => {
  const changed = (properties: Properties) => [
    ...properties.map((property) => (property.name === 'agents' ? { ...property, required: true } : property)),
    { displayName: 'Label', name: 'label', type: 'string', default: '' } as INodeProperties,
  ];
  const diff = checkNode(TRIGGER, withProperties(new ClarkyTrigger(), changed));
  expect(diff.breaking).toEqual(inEachTriggerVersion('parameters › agents › required: false is now true'));
  expect(diff.additions).toEqual(inEachTriggerVersion('parameters › label: added'));
});

it('n8n: a rename in a new node version, with the released versions kept, passes; dropping them does not', () => {
  const onlyIn = (versions: number[], property: INodeProperties): INodeProperties => ({
    ...property,
    displayOptions: { ...property.displayOptions, show: { ...property.displayOptions?.show, '@version': versions } },
  });
  const versioned = (properties: Properties) =>
    properties.flatMap((property) =>
      property.name === 'events'
        ? [onlyIn(triggerVersions, property), onlyIn([2], { ...property, name: 'eventTypes' })]
        : [property],
    );
  const kept = checkNode(TRIGGER, withProperties(new ClarkyTrigger(), versioned, { version: [...triggerVersions, 2] }));
  expect(kept.breaking).toEqual([]);
  expect(kept.additions).toEqual(['2: added']);

  const onlyNew = checkNode(TRIGGER, withProperties(new ClarkyTrigger(), versioned, { version: 2 }));
  expect(onlyNew.breaking).toEqual(triggerVersions.map((version) => `${version}: removed (or renamed)`));
});

it('n8n: a VersionedNodeType keeping the released class passes', () => {
  const trigger = new ClarkyTrigger();
  const next = withProperties(trigger, (properties) => properties, { version: 2 });
  const versionedType = {
    description: { ...trigger.description, defaultVersion: 2 } as INodeTypeDescription,
    currentVersion: 2,
    nodeVersions: { 1: trigger, 2: next },
    getNodeType: (version?: number) => (version === 1 ? trigger : next),
  };
  const diff = compareContracts(baseline(TRIGGER), nodeContract(TRIGGER, versionedType, clarkyOutputs));
  expect(diff).toEqual({ breaking: [], additions: ['2: added'] });
});

// ---- Zapier: the app as the source defines it, changed ----

const app = App as unknown as ZapierApp;
const zapierBaseline = zapierContractOf(app);
type Step = NonNullable<ZapierApp['creates']>[string];
const withCreate = (key: string, change: (step: Step) => Record<string, Step>): ZapierApp => {
  const { [key]: step, ...others } = app.creates!;
  return { ...app, creates: { ...others, ...change(step!) } };
};
type InputField = NonNullable<Step['operation']['inputFields']>[number];
/** The step with each of its input fields changed. */
const mapInputFields = (step: Step, change: (field: InputField) => InputField): Step => ({
  ...step,
  operation: { ...step.operation, inputFields: step.operation.inputFields!.map(change) },
});
const renameInput = (step: Step, from: string, to: string): Step =>
  mapInputFields(step, (field) =>
    (field as { key: string }).key === from ? { ...(field as object), key: to } : field,
  );

it('Zapier: renaming an input key (lead_source) is breaking, and the report says to keep a legacy key', () => {
  const renamed = withCreate('contact_create', (step) => ({
    contact_create: renameInput(step, 'lead_source', 'source_of_lead'),
  }));
  const diff = compareContracts(zapierBaseline, zapierContractOf(renamed));
  expect(diff.breaking).toEqual(['creates › contact_create › inputFields › lead_source: removed (or renamed)']);
  expect(contractReport('zapier', diff)).toMatch(/keep the old step working under its old key/);
});

it('Zapier: a new step beside the released key, kept hidden, is compatible; dropping the key is not', () => {
  const successor = (step: Step) => ({
    ...renameInput(step, 'lead_source', 'source_of_lead'),
    key: 'contact_create_v2',
  });
  const kept = withCreate('contact_create', (step) => ({
    contact_create: { ...step, display: { ...(step as { display?: object }).display, hidden: true } } as Step,
    contact_create_v2: successor(step),
  }));
  expect(compareContracts(zapierBaseline, zapierContractOf(kept)).breaking).toEqual([]);

  const replaced = withCreate('contact_create', (step) => ({ contact_create_v2: successor(step) }));
  expect(compareContracts(zapierBaseline, zapierContractOf(replaced)).breaking).toEqual([
    'creates › contact_create: removed (or renamed)',
  ]);
});

it('Zapier: an input field that becomes required is breaking; one that stops being required is compatible', () => {
  const flip = (step: Step): Step =>
    mapInputFields(step, (field) => {
      const { key, required } = field as { key: string; required?: boolean };
      return key === 'lead_source' || key === 'bot_id' ? { ...(field as object), key, required: !required } : field;
    });
  const diff = compareContracts(
    zapierBaseline,
    zapierContractOf(withCreate('contact_create', (step) => ({ contact_create: flip(step) }))),
  );
  expect(diff.breaking).toEqual(['creates › contact_create › inputFields › lead_source › required: false is now true']);
  expect(diff.additions).toEqual(['creates › contact_create › inputFields › bot_id › required: true is now false']);
});
