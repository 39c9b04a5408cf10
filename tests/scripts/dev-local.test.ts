// The `npm run dev:local` prompt grammar: slash commands with name:value options, button presses and
// the few words the prompt knows; anything else is a short error, never a crash.
import { describe, expect, it } from 'vitest';
import { coerceOptions, type DevAction, parseLine, parseOptions } from '../../scripts/dev-local-parse.js';
import { news } from '../../commands/news.js';
import { config } from '../../commands/config.js';

describe('parseLine', () => {
  const cases: Array<[string, DevAction]> = [
    ['', { kind: 'empty' }],
    ['   ', { kind: 'empty' }],
    ['help', { kind: 'help' }],
    ['?', { kind: 'help' }],
    ['quit', { kind: 'quit' }],
    ['EXIT', { kind: 'quit' }],
    ['messages', { kind: 'messages' }],
    ['messages #general', { kind: 'messages', channel: 'general' }],
    ['messages <#1323802873036800003>', { kind: 'messages', channel: '1323802873036800003' }],
    ['channels', { kind: 'channels' }],
    ['go #announcements', { kind: 'go', channel: 'announcements' }],
    ['go news', { kind: 'go', channel: 'news' }],
    ['go', { kind: 'error', message: 'Say which channel: go #general' }],
    ['press Next', { kind: 'press', label: 'Next' }],
    ['press   Reset settings ', { kind: 'press', label: 'Reset settings' }],
    ['press "Reset settings"', { kind: 'press', label: 'Reset settings' }],
    ['press', { kind: 'error', message: 'Say which button: press Next' }],
    ['/news summary article:000_709483ed939a94fe sentences:2', { kind: 'command', command: 'news', subcommand: 'summary', options: { article: '000_709483ed939a94fe', sentences: '2' } }],
    ['/news latest count:3', { kind: 'command', command: 'news', subcommand: 'latest', options: { count: '3' } }],
    ['/config show', { kind: 'command', command: 'config', subcommand: 'show', options: {} }],
    ['/config color hex:#ff0000', { kind: 'command', command: 'config', subcommand: 'color', options: { hex: '#ff0000' } }],
    ['/news search query:climate deal  in Kraków', { kind: 'command', command: 'news', subcommand: 'search', options: { query: 'climate deal  in Kraków' } }],
    ['/news search query:"note: this" ', { kind: 'command', command: 'news', subcommand: 'search', options: { query: 'note: this' } }],
    ["/news post article:abc channel:'#news'", { kind: 'command', command: 'news', subcommand: 'post', options: { article: 'abc', channel: '#news' } }],
    ['/ping', { kind: 'command', command: 'ping', options: {} }],
    ['/ping target:x', { kind: 'command', command: 'ping', options: { target: 'x' } }],
    ['/news summary article:', { kind: 'error', message: 'Option article has no value.' }],
    ['/news summary article:a article:b', { kind: 'error', message: 'Option article is given twice.' }],
    ['/news summary oops', { kind: 'error', message: 'Expected name:value, got "oops".' }],
    ['/news search query:"open', { kind: 'error', message: 'Option query has an unclosed ".' }],
    ['/', { kind: 'error', message: '"/" is not a command name.' }],
    ['/new$ latest', { kind: 'error', message: '"/new$" is not a command name.' }],
    ['hello there', { kind: 'error', message: 'Unknown input "hello". Type help for the commands.' }],
  ];

  it.each(cases)('%j', (line, expected) => {
    expect(parseLine(line)).toEqual(expected);
  });

  it('never throws, whatever is typed', () => {
    for (const line of ['/news :', '/news a:b:c', 'press ""', '/x "" ', '\u0000', '/news summary article:"a" b', ':::', '/'.repeat(300)]) {
      expect(() => parseLine(line)).not.toThrow();
    }
  });
});

describe('parseOptions', () => {
  it('keeps colons inside a value that is not followed by a name', () => {
    expect(parseOptions('hex:#ff0000 note:a:b')).toEqual({ hex: '#ff0000', note: 'a:b' });
  });

  it('reads a web address as a value, with or without a space after the name', () => {
    expect(parseOptions('url: http://127.0.0.1:8790/news.xml name: Local')).toEqual({ url: 'http://127.0.0.1:8790/news.xml', name: 'Local' });
    expect(parseOptions('url:https://example.org/feed name:Local news')).toEqual({ url: 'https://example.org/feed', name: 'Local news' });
  });
});

describe('coerceOptions', () => {
  const lookups = {
    channel: (name: string) => ({ news: '111111111111111111', '111111111111111111': '111111111111111111' })[name],
    role: (name: string) => (name === 'subscribers' ? '222222222222222222' : undefined),
  };

  it('gives integers, channels and roles their registered types', () => {
    expect(coerceOptions(news.data, 'summary', { article: '000', sentences: '2' }, lookups)).toEqual({ article: '000', sentences: 2 });
    expect(coerceOptions(news.data, 'post', { article: 'x', channel: '#news' }, lookups)).toEqual({ article: 'x', channel: '111111111111111111' });
    expect(coerceOptions(config.data, 'channel', { channel: '<#111111111111111111>' }, lookups)).toEqual({ channel: '111111111111111111' });
    expect(coerceOptions(config.data, 'mention-role', { role: '@subscribers' }, lookups)).toEqual({ role: '222222222222222222' });
    // Options the command does not have are passed on for the server to refuse.
    expect(coerceOptions(news.data, 'latest', { colour: 'red' }, lookups)).toEqual({ colour: 'red' });
  });

  it.each([
    [news.data, 'latest', { count: 'three' }, 'count must be a whole number, not "three".'],
    [news.data, 'latest', { count: '2.5' }, 'count must be a whole number, not "2.5".'],
    [news.data, 'post', { article: 'x', channel: '#missing' }, 'No channel "#missing".'],
    [config.data, 'mention-role', { role: '@nobody' }, 'No role "@nobody".'],
  ] as const)('refuses a value of the wrong type: %#', (data, sub, raw, message) => {
    expect(() => coerceOptions(data, sub, raw, lookups)).toThrow(message);
  });
});
