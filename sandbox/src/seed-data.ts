/** What a fresh sandbox workspace holds: core's three sample agents and a few contacts. */
import { EVENT_KEYS, SAMPLE_AGENTS, samplePayload, type Agent } from '@clarky/core';
import { CROCKFORD, uuid } from './ids';
import type { SeededRandom } from './seeded-random';

export interface Contact {
  readonly id: string;
  readonly first_name: string;
  readonly last_name: string;
  readonly emails: readonly string[];
  readonly company: string | null;
  readonly tags: readonly string[];
  readonly created_at: string;
  readonly updated_at: string;
}

const SEEDED_AT = '2026-11-01T09:00:00.000Z';

export function seedWorkspaceId(random: SeededRandom): string {
  return `w_01H${random.derive('workspace', 23, CROCKFORD)}`;
}

/** Agent ids stay core's, whatever the seed: samples, docs and tests name them. */
export function seedAgents(workspaceId: string): Agent[] {
  return SAMPLE_AGENTS.map((agent, index) => {
    const role = /\(([^)]+)\)/.exec(agent.name)?.[1] ?? 'Assistant';
    return {
      id: agent.id,
      workspace_id: workspaceId,
      name: agent.name,
      slug: agent.slug,
      summary: `${role} agent for the sandbox workspace.`,
      enabled: true,
      agent_role: role.toLowerCase().replace(/\s+/g, '_'),
      agent_email: `${agent.slug}@example.com`,
      agent_phone: `+1415555010${index}`,
    };
  });
}

export function seedContacts(random: SeededRandom): Contact[] {
  // The first contact is the person in core's samples, so triggered events and contacts tell one story.
  const sample = samplePayload(EVENT_KEYS[0]!);
  const people = [
    { first: sample.firstName ?? '', last: sample.lastName ?? '', email: sample.email, company: 'Northwind' },
    { first: 'Kenji', last: 'Watanabe', email: 'kenji.watanabe@example.com', company: 'Contoso' },
    { first: 'Amara', last: 'Okafor', email: 'amara.okafor@example.org', company: null },
    { first: 'Lucas', last: 'Müller', email: 'lucas.mueller@example.net', company: 'Fabrikam' },
  ];
  return people.map((person, index) => ({
    id: uuid(random, `contact:${index}`),
    first_name: person.first,
    last_name: person.last,
    emails: person.email ? [person.email] : [],
    company: person.company,
    tags: index % 2 === 0 ? ['lead'] : ['customer'],
    created_at: SEEDED_AT,
    updated_at: SEEDED_AT,
  }));
}
