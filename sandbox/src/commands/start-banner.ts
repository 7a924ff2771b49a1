/** What `npm start` prints: where the sandbox is, its keys, agents and seeded records, and a recipe to try it with curl. */
import { EVENTS, ROUTES } from '@clarky/core';
import { controlUrl, type CONTROL_ROUTES } from '../http/sandbox-paths';
import type { Sandbox } from '../sandbox';
import { triggerCommandLine } from './trigger';

export function banner(sandbox: Sandbox): string {
  const event = (EVENTS.find((candidate) => candidate.noun === 'Booking') ?? EVENTS[0]).key;
  const agent = sandbox.agents[0]!;
  const control = (route: keyof typeof CONTROL_ROUTES) => controlUrl(sandbox.origin, route);
  const auth = (key: string) => `-H 'Authorization: Bearer ${key}'`;
  const json = (body: unknown) => `-H 'Content-Type: application/json' -d '${JSON.stringify(body)}'`;
  const subscription = { name: 'My first webhook', url: control('receiver'), events: [event] };
  return [
    'Clarky sandbox is running.',
    `  Base URL   ${sandbox.url}`,
    `  Write key  ${sandbox.keys.write}`,
    `  Read key   ${sandbox.keys.read}`,
    '',
    'Agents (bot_id, name):',
    ...sandbox.agents.map((candidate) => `  ${candidate.id}  ${candidate.name}`),
    '',
    `Seeded for the actions: ${sandbox.contacts().length} contacts, ${sandbox.companies().length} companies, ` +
      'pipelines with stages, and these sequence templates (template_id for Start Sequence):',
    ...sandbox.sequenceTemplates.map((template) => `  ${template.id}  ${template.name}`),
    '',
    `Subscribe, trigger an event, see the deliveries (${control('receiver')} stands in for your URL):`,
    `  curl -s -X POST ${sandbox.url}${ROUTES.webhooks} ${auth(sandbox.keys.write)} ${json(subscription)}`,
    `  curl -s -X POST ${control('events')} ${auth(sandbox.keys.write)} ${json({ event, bot_id: agent.id })}`,
    `  curl -s ${control('deliveries')} ${auth(sandbox.keys.read)}`,
    '',
    `Or from another terminal: ${triggerCommandLine(sandbox, event, agent.id)}`,
    'Ctrl-C stops the sandbox.',
  ].join('\n');
}
