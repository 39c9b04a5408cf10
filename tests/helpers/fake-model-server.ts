// A loopback stand-in for an OpenAI-compatible chat completions endpoint. Each test says how it
// answers; every request is recorded with its headers and parsed body, so tests can check both what
// was sent and how often.
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SummaryModelConfig } from '../../src/config.js';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: unknown;
}

/** 'hang' never answers (the timeout tests); `write` writes whatever it likes. */
export type Reply = { status?: number; json?: unknown; text?: string; headers?: Record<string, string> } | 'hang' | { write: (response: ServerResponse) => void };

export interface FakeModelServer {
  url: string;
  requests: RecordedRequest[];
  /** How the next requests are answered (until changed). */
  reply(reply: Reply | ((request: RecordedRequest) => Reply)): void;
  config(overrides?: Partial<SummaryModelConfig>): SummaryModelConfig;
  close(): Promise<void>;
}

/** A chat completion whose first choice says `content`. */
export function completion(content: string | null, finishReason = 'stop'): unknown {
  return {
    id: 'chatcmpl-test',
    object: 'chat.completion',
    model: 'served-model-name',
    choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: finishReason }],
  };
}

export async function startFakeModelServer(): Promise<FakeModelServer> {
  const requests: RecordedRequest[] = [];
  let answer: Reply | ((request: RecordedRequest) => Reply) = { json: completion('The council approved the budget.') };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const raw = Buffer.concat(chunks).toString();
      let body: unknown = raw;
      try {
        body = JSON.parse(raw);
      } catch {
        // kept as text: a test may want to see what was not JSON
      }
      const recorded = { method: request.method ?? '', path: request.url ?? '', headers: request.headers, body };
      requests.push(recorded);
      send(response, typeof answer === 'function' ? answer(recorded) : answer);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}/v1/chat/completions`;
  return {
    url,
    requests,
    reply: (next) => {
      answer = next;
    },
    config: (overrides = {}) => ({ url, model: 'llama3.2:3b', ...overrides }),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function send(response: ServerResponse, reply: Reply): void {
  if (reply === 'hang') return;
  if ('write' in reply) {
    reply.write(response);
    return;
  }
  const text = reply.text ?? JSON.stringify(reply.json ?? {});
  response.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers });
  response.end(text);
}
