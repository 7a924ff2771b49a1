/** A real n8n for tests, benchmarks and `npm run n8n`. The browser is `@clarky/n8n-harness/browser` (it loads Chromium). */
export { freePort } from './free-port';
export { n8nEnvironment, startN8n, stopGroup, type N8nOptions, type RunningN8n } from './start-n8n';
export {
  DEFAULT_N8N_VERSION,
  FIRST_START_MS,
  N8N_VERSIONS,
  ensureN8n,
  majorOf,
  type N8nInstall,
  type N8nVersion,
} from './install';
export { expressionCounts, type ExpressionCounts } from './metrics';
export { disown, own, signalGroup, whenOrphaned, type Owned } from './lifetime';
export { packNodePackage, type PackedNode } from './node-package';
export {
  N8nPublicApi,
  nodeOutput,
  type Credential,
  type Execution,
  type Workflow,
  type WorkflowDefinition,
  type WorkflowNode,
} from './public-api';
export { publish, unpublish, unpublished } from './publication';
export {
  queueServicesFromEnv,
  queueServicesUnavailable,
  startQueueModeN8n,
  type QueueModeN8n,
  type QueueServices,
} from './queue-mode';
export { N8nRestSession, type Owner, type PublicationStatus } from './rest-session';
export { runCommand } from './run-command';
export { waitFor, type WaitOptions } from './wait-for';
export * from './workflows';
export {
  startClarkyN8n,
  startClarkyQueueModeN8n,
  type ClarkyN8n,
  type ClarkyN8nOptions,
  type ClarkyQueueModeOptions,
} from './clarky-n8n';
export {
  FIND_CONTACT_NODE,
  LOG_NO_SHOW_NODE,
  MANUAL_TRIGGER_NODE,
  NO_SHOW_TITLE,
  manualClarkyWorkflow,
  noShowWorkflow,
  type ClarkyOperation,
} from './action-workflows';
export { finishedExecutions, withN8nLog } from './executions';
export {
  AGENT_NODE,
  CLARKY_TOOL_TYPE,
  MCP_TRIGGER_NODE,
  agentWorkflow,
  mcpServerWorkflow,
  openAiCredential,
  type ClarkyToolNode,
} from './ai-workflows';
export {
  startScriptedModel,
  textOf,
  type ChatMessage,
  type ChatRequest,
  type ModelTool,
  type ModelTurn,
  type ScriptedModel,
} from './scripted-model';
