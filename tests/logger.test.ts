// The log switch: pretty lines for a person at a terminal, JSON for everything else, LOG_FORMAT to
// choose either way, and the token hidden in both.
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { parseBaseConfig } from '../src/config.js';
import { createLogger, createTeeLogger, defaultLogFormat } from '../src/logger.js';

/** A stream that keeps what is written, optionally claiming to be a terminal. */
function sink(isTTY: boolean): Writable & { isTTY: boolean; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return Object.assign(stream, { isTTY, text: () => chunks.join('').replace(/\u001b\[[0-9;]*m/g, '') });
}

const TOKEN = 'MTIz.secret-token-value.abc';

describe('log format', () => {
  it('is pretty on a terminal and JSON elsewhere when not chosen', () => {
    expect(defaultLogFormat(sink(true))).toBe('pretty');
    expect(defaultLogFormat(sink(false))).toBe('json');
  });

  it('writes one JSON object per line with an ISO time when the output is not a terminal', () => {
    const out = sink(false);
    createLogger('info', out).info({ articles: 3 }, 'articles loaded');
    const lines = out.text().trim().split('\n');
    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(line).toMatchObject({ level: 30, msg: 'articles loaded', articles: 3 });
    expect(line.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(line).not.toHaveProperty('pid');
  });

  it('writes one readable line per event on a terminal, in local time, without pid or hostname', () => {
    const out = sink(true);
    const logger = createLogger('info', out);
    logger.info({ articles: 3, dir: './articles' }, 'articles loaded');
    logger.warn({ err: Object.assign(new Error('Unknown Channel'), { code: 10003 }), scheduleId: 'abc123' }, 'schedule paused');
    const lines = out.text().trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}\] INFO: articles loaded \{"articles":3,"dir":".\/articles"\}$/);
    expect(lines[1]).toContain('WARN: schedule paused (Error [10003]: Unknown Channel) {"scheduleId":"abc123"}');
    expect(out.text()).not.toMatch(/pid|hostname|"time"/);
  });

  it.each([
    ['json', true],
    ['pretty', false],
  ] as const)('LOG_FORMAT=%s wins over the output (terminal: %s)', (format, isTTY) => {
    const out = sink(isTTY);
    createLogger('info', out, format).info('hello');
    const text = out.text().trim();
    if (format === 'json') expect(JSON.parse(text)).toMatchObject({ msg: 'hello' });
    else expect(text).toMatch(/INFO: hello$/);
  });

  it.each(['json', 'pretty'] as const)('never writes the token (%s)', (format) => {
    const out = sink(format === 'pretty');
    const logger = createLogger('info', out, format);
    logger.info({ token: TOKEN, config: { token: TOKEN }, request: { headers: { authorization: `Bot ${TOKEN}` } } }, 'starting');
    expect(out.text()).toContain('[redacted]');
    expect(out.text()).not.toContain('secret-token-value');
  });

  it.each(['json', 'pretty'] as const)('never writes the summary model key or an Authorization header in any spelling (%s)', (format) => {
    const out = sink(format === 'pretty');
    const logger = createLogger('info', out, format);
    const key = 'sk-model-key-4711';
    const summaryModel = { url: 'http://127.0.0.1:11434/v1/chat/completions', model: 'llama3.2:3b', key };
    logger.info({ summaryModel, config: { summaryModel } }, 'configured');
    logger.info({ headers: { Authorization: `Bearer ${key}` }, request: { headers: { Authorization: `Bearer ${key}` } }, authorization: `Bearer ${key}` }, 'request');
    expect(out.text()).toContain('llama3.2:3b');
    expect(out.text()).not.toContain(key);
  });
});

describe('LOG_FORMAT', () => {
  it('is read from the environment and left unset by default', () => {
    expect(parseBaseConfig({ LOG_FORMAT: 'pretty' }).logFormat).toBe('pretty');
    expect(parseBaseConfig({ LOG_FORMAT: 'json' }).logFormat).toBe('json');
    expect(parseBaseConfig({ LOG_FORMAT: ' ' })).not.toHaveProperty('logFormat');
    expect(parseBaseConfig({})).not.toHaveProperty('logFormat');
  });

  it('refuses other values, naming the variable', () => {
    expect(() => parseBaseConfig({ LOG_FORMAT: 'colour' })).toThrow('LOG_FORMAT must be one of pretty, json');
  });
});

describe('createTeeLogger', () => {
  it('gives each output its own level and format', () => {
    const file = sink(false);
    const screen = sink(true);
    const logger = createTeeLogger([
      { level: 'info', destination: file, format: 'json' },
      { level: 'warn', destination: screen, format: 'pretty' },
    ]);
    logger.info({ token: TOKEN }, 'articles loaded');
    logger.warn({ scheduleId: 'abc123' }, 'schedule paused');
    expect(file.text().trim().split('\n').map((line) => (JSON.parse(line) as { msg: string }).msg)).toEqual(['articles loaded', 'schedule paused']);
    expect(screen.text().trim().split('\n')).toEqual([expect.stringMatching(/WARN: schedule paused \{"scheduleId":"abc123"\}$/)]);
    expect(file.text()).not.toContain('secret-token-value');
  });

  it('writes nothing where every output is silent', () => {
    const file = sink(false);
    createTeeLogger([{ level: 'silent', destination: file, format: 'json' }]).error('nobody hears this');
    expect(file.text()).toBe('');
  });
});

describe('webhook tokens', () => {
  const HOOK_TOKEN = 'aBcD_efGh-1234567890webhooktokenvalue';

  it.each(['json', 'pretty'] as const)('are taken out of logged errors and webhook objects (%s)', (format) => {
    const out = sink(format === 'pretty');
    const error = Object.assign(new Error(`request to /webhooks/500000000000000001/${HOOK_TOKEN}?wait=true failed`), {
      url: `https://discord.com/api/v10/webhooks/500000000000000001/${HOOK_TOKEN}?wait=true`,
      requestBody: { json: { content: 'x' } },
    });
    const logger = createLogger('info', out, format);
    logger.warn({ err: error, webhook: { id: '500000000000000001', token: HOOK_TOKEN }, webhookToken: HOOK_TOKEN }, 'webhook post failed');
    expect(out.text()).toContain('webhook post failed');
    expect(out.text()).not.toContain(HOOK_TOKEN);
  });
});
