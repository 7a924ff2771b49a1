/**
 * A language model whose moves a test writes: a small OpenAI-compatible server on 127.0.0.1 that n8n's OpenAI Chat
 * Model talks to (its credential's Base URL). It answers `POST /v1/chat/completions`, streamed (server-sent events,
 * as OpenAI streams) or not, with what the script says for the conversation so far (call tools, or answer), and
 * keeps every request: the `tools` there are exactly the schema n8n gave the model.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buffer } from 'node:stream/consumers';

export interface ToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant' | 'tool';
  content?: string | null | Array<{ type: string; text?: string }>;
  tool_calls?: ToolCall[];
  tool_call_id?: string;
}

/** A tool as OpenAI's API carries it: what the model is told about it. */
export interface ModelTool {
  type: 'function';
  function: { name: string; description?: string; parameters: Record<string, unknown> };
}

export interface ChatRequest {
  model: string;
  messages: ChatMessage[];
  tools?: ModelTool[];
  stream?: boolean;
}

/** The model's next move: call tools (by name, with arguments), or give its final answer. */
export type ModelTurn = { call: Array<{ name: string; arguments: Record<string, unknown> }> } | { answer: string };

export interface ScriptedModel {
  /** The Base URL for n8n's OpenAI credential, `http://127.0.0.1:<port>/v1`. */
  readonly url: string;
  /** Every chat request so far, oldest first. */
  readonly requests: ChatRequest[];
  stop(): Promise<void>;
}

/** The text of a message, whether OpenAI's client sent it as a string or as parts. */
export function textOf(message: ChatMessage | undefined): string {
  const content = message?.content;
  if (typeof content === 'string') return content;
  return (content ?? []).map((part) => part.text ?? '').join('');
}

export async function startScriptedModel(script: (request: ChatRequest) => ModelTurn): Promise<ScriptedModel> {
  const requests: ChatRequest[] = [];
  let calls = 0;
  const server = createServer((request, response) => {
    serve(request, response).catch((error: unknown) => {
      response.writeHead(500, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: { message: String(error), type: 'server_error' } }));
    });
  });

  async function serve(request: IncomingMessage, response: ServerResponse) {
    if (request.method === 'GET' && request.url === '/v1/models') {
      return json(response, {
        object: 'list',
        data: [{ id: 'scripted', object: 'model', created: 0, owned_by: 'tests' }],
      });
    }
    if (request.method !== 'POST' || request.url !== '/v1/chat/completions') {
      return json(response, { error: { message: `No ${request.method} ${request.url} here` } }, 404);
    }
    const chat = JSON.parse((await buffer(request)).toString('utf8')) as ChatRequest;
    requests.push(chat);
    const turn = script(chat);
    const toolCalls: ToolCall[] =
      'call' in turn
        ? turn.call.map((call) => ({
            id: `call_${++calls}`,
            type: 'function',
            function: { name: call.name, arguments: JSON.stringify(call.arguments) },
          }))
        : [];
    const content = 'answer' in turn ? turn.answer : null;
    const finish = toolCalls.length > 0 ? 'tool_calls' : 'stop';
    const head = { id: `chatcmpl-${requests.length}`, created: 0, model: chat.model };
    const usage = { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 };
    if (!chat.stream) {
      const message = { role: 'assistant', content, ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}) };
      return json(response, {
        ...head,
        object: 'chat.completion',
        choices: [{ index: 0, message, finish_reason: finish }],
        usage,
      });
    }
    response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    const chunk = (choices: unknown[], extra = {}) =>
      response.write(`data: ${JSON.stringify({ ...head, object: 'chat.completion.chunk', choices, ...extra })}\n\n`);
    chunk([{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }]);
    if (content) chunk([{ index: 0, delta: { content }, finish_reason: null }]);
    toolCalls.forEach((call, index) =>
      chunk([{ index: 0, delta: { tool_calls: [{ index, ...call }] }, finish_reason: null }]),
    );
    chunk([{ index: 0, delta: {}, finish_reason: finish }]);
    chunk([], { usage });
    response.end('data: [DONE]\n\n');
  }

  server.listen(0, '127.0.0.1');
  await new Promise<void>((resolve, reject) => server.once('listening', resolve).once('error', reject));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function json(response: ServerResponse, body: unknown, status = 200) {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}
