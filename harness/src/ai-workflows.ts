/**
 * Workflows where Clarky is a tool of a model, as the editor saves them: a Webhook → n8n's AI Agent with an OpenAI
 * Chat Model and Clarky Tools, and n8n's MCP Server Trigger serving Clarky Tools to MCP clients. Node types, versions
 * and parameters are written literally (the released contract), never derived from the node.
 */
import type { WorkflowDefinition, WorkflowNode } from './public-api';
import { clarkyNode, type ClarkyOperation, type CredentialRef } from './action-workflows';
import { WORKFLOW_SETTINGS, webhookNodeWorkflow } from './workflows';

export const CLARKY_TOOL_TYPE = 'n8n-nodes-clarky.clarkyTool';
export const AGENT_NODE = 'AI Agent';

/** A Clarky Tool: its node name (the tool's name, so letters, digits and underscores), operation and version. */
export interface ClarkyToolNode extends ClarkyOperation {
  name: string;
  /** The node version the workflow saved; 1.1 is what the editor adds today. */
  typeVersion: number;
  /** Parameters beyond resource and operation, e.g. what the editor's "let the model define this" wrote. */
  parameters?: Record<string, unknown>;
}

const tools = (
  list: ClarkyToolNode[],
  credential: CredentialRef,
  target: string,
): { nodes: WorkflowNode[]; connections: Record<string, unknown> } => ({
  nodes: list.map((tool, index) =>
    clarkyNode(credential, {
      name: tool.name,
      type: CLARKY_TOOL_TYPE,
      typeVersion: tool.typeVersion,
      position: [200 + 150 * index, 300],
      parameters: { resource: tool.resource, operation: tool.operation, ...tool.parameters },
    }),
  ),
  connections: Object.fromEntries(
    list.map((tool) => [tool.name, { ai_tool: [[{ node: target, type: 'ai_tool', index: 0 }]] }]),
  ),
});

/**
 * Webhook (POST `/webhook/<path>`, the question in `body.question`) → AI Agent on an OpenAI Chat Model (chat
 * completions, not the Responses API) → the Clarky Tools. `streaming`: the Webhook answers with the agent's stream
 * (the model is then asked to stream); otherwise with the agent's output once it is done.
 */
export function agentWorkflow(input: {
  name: string;
  path: string;
  webhookId: string;
  streaming: boolean;
  /** The AI Agent version the line's editor adds (3.1 on n8n 2.x, 3 on 1.x). */
  agentVersion: number;
  openAi: CredentialRef;
  clarky: CredentialRef;
  tools: ClarkyToolNode[];
}): WorkflowDefinition {
  const clarkyTools = tools(input.tools, input.clarky, AGENT_NODE);
  const [webhook] = webhookNodeWorkflow(input).nodes as [WorkflowNode];
  return {
    name: input.name,
    nodes: [
      { ...webhook, parameters: { ...webhook.parameters, responseMode: input.streaming ? 'streaming' : 'lastNode' } },
      {
        name: AGENT_NODE,
        type: '@n8n/n8n-nodes-langchain.agent',
        typeVersion: input.agentVersion,
        position: [250, 0],
        parameters: { promptType: 'define', text: '={{ $json.body.question }}', options: {} },
      },
      {
        name: 'OpenAI Chat Model',
        type: '@n8n/n8n-nodes-langchain.lmChatOpenAi',
        typeVersion: 1.3,
        position: [100, 300],
        parameters: {
          model: { __rl: true, mode: 'id', value: 'scripted' },
          responsesApiEnabled: false,
          options: {},
        },
        credentials: { openAiApi: input.openAi },
      },
      ...clarkyTools.nodes,
    ],
    connections: {
      Webhook: { main: [[{ node: AGENT_NODE, type: 'main', index: 0 }]] },
      'OpenAI Chat Model': { ai_languageModel: [[{ node: AGENT_NODE, type: 'ai_languageModel', index: 0 }]] },
      ...clarkyTools.connections,
    },
    settings: WORKFLOW_SETTINGS,
  };
}

export const MCP_TRIGGER_NODE = 'MCP Server Trigger';

/** n8n's MCP Server Trigger (no authentication) serving the Clarky Tools at `/mcp/<path>` once published. */
export function mcpServerWorkflow(input: {
  name: string;
  path: string;
  webhookId: string;
  clarky: CredentialRef;
  tools: ClarkyToolNode[];
}): WorkflowDefinition {
  const clarkyTools = tools(input.tools, input.clarky, MCP_TRIGGER_NODE);
  return {
    name: input.name,
    nodes: [
      {
        name: MCP_TRIGGER_NODE,
        type: '@n8n/n8n-nodes-langchain.mcpTrigger',
        typeVersion: 2,
        position: [0, 0],
        webhookId: input.webhookId,
        parameters: { path: input.path },
      },
      ...clarkyTools.nodes,
    ],
    connections: clarkyTools.connections,
    settings: WORKFLOW_SETTINGS,
  };
}

/** An OpenAI credential pointing n8n's OpenAI nodes at `url` (e.g. a scripted model) instead of OpenAI. */
export const openAiCredential = (url: string) => ({
  name: 'Scripted model',
  type: 'openAiApi',
  data: { apiKey: 'not-needed', url, header: false },
});
