/**
 * Writes the README's generated sections from core: the events table, the template variables
 * table and the Clarky node's operations, between their `<!-- name:start -->` / `<!-- name:end -->` markers.
 * `npm run readme` rewrites README.md; the package's readme test (and release:check) fail when it is out of date.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ACTIONS, ACTION_RESOURCES, EVENTS, VARIABLES } from '@clarky/core';

export const README_PATH = join(__dirname, '..', 'README.md');

const cell = (text: string) => text.replace(/\|/g, '\\|');

function eventsTable(): string {
  const rows = EVENTS.map((event) => `| ${cell(event.displayName)} | \`${event.key}\` | ${cell(event.description)} |`);
  return ['| Event | Key (`{{event}}`) | Fires |', '| --- | --- | --- |', ...rows].join('\n');
}

function variablesTable(): string {
  const rows = VARIABLES.map((variable) => `| \`{{${variable.name}}}\` | ${cell(variable.description)} |`);
  return ['| Variable | Value |', '| --- | --- |', ...rows].join('\n');
}

/** One row per operation, as the node's Resource and Operation dropdowns name it; required fields in bold. */
function operationsTable(): string {
  const resourceLabel = (key: string) => ACTION_RESOURCES.find((resource) => resource.key === key)!.label;
  const rows = ACTIONS.map((operation) => {
    const fields = operation.fields.map((field) => (field.required ? `**${field.label}**` : field.label));
    if (operation.list) fields.push('Return All / Limit');
    return `| ${resourceLabel(operation.resource)} | ${cell(operation.label)} | ${cell(operation.description)}. | ${cell(fields.join(', ') || '–')} | ${cell(operation.source)} |`;
  });
  return [
    '| Resource | Operation | What it does | Fields | Clarky API reference |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}

const SECTIONS: Readonly<Record<string, () => string>> = {
  events: eventsTable,
  variables: variablesTable,
  operations: operationsTable,
};

/** The README with every generated section replaced by what core says now. */
export function regenerate(readme: string): string {
  let result = readme;
  for (const [name, render] of Object.entries(SECTIONS)) {
    const start = `<!-- ${name}:start -->`;
    const end = `<!-- ${name}:end -->`;
    const from = result.indexOf(start);
    const to = result.indexOf(end);
    if (from === -1 || to < from) throw new Error(`README.md lacks the ${start} ... ${end} markers`);
    result = `${result.slice(0, from + start.length)}\n${render()}\n${result.slice(to)}`;
  }
  return result;
}

if (require.main === module) {
  writeFileSync(README_PATH, regenerate(readFileSync(README_PATH, 'utf8')));
}
