/** Hidden trigger behind the optional Agent dropdown of every hook trigger. */
import { SAMPLE_AGENTS } from '@clarky/core';
import type { Trigger, ZObject } from 'zapier-platform-core';
import { clarkyClient } from './clarky-client';
import { withZapierErrors } from './zapier-errors';

const AGENT_TRIGGER_KEY = 'agent';

/** For an input field: the dropdown's values are agent ids, shown by name. */
export const AGENT_DROPDOWN = `${AGENT_TRIGGER_KEY}.id.name`;

export const agentTrigger = {
  key: AGENT_TRIGGER_KEY,
  noun: 'Agent',
  display: {
    label: 'New Agent',
    description: 'Triggers when an agent is added to the workspace. Feeds the Agent dropdown.',
    hidden: true,
  },
  operation: {
    type: 'polling',
    perform: withZapierErrors(async (z: ZObject) => clarkyClient(z).listAgents()),
    sample: { ...SAMPLE_AGENTS[0] },
    outputFields: [
      { key: 'id', label: 'Agent ID', type: 'string' },
      { key: 'name', label: 'Agent Name', type: 'string' },
      { key: 'slug', label: 'Agent Slug', type: 'string' },
    ],
  },
} satisfies Trigger;
