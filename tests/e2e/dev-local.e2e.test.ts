// `npm run dev:local` end to end: the script starts its own local server and the bot, runs what is
// typed on stdin and prints the answers as text, marking ephemeral ones.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { copyArticles, killChildren, LONGEST, SEED, startNode } from './harness.js';

let dir: string | undefined;

afterEach(async () => {
  await killChildren();
  if (dir) await rm(dir, { recursive: true, force: true });
});

it('answers typed commands as readable text and quits cleanly', async () => {
  dir = await mkdtemp(join(tmpdir(), 'news-dev-local-'));
  await copyArticles(join(dir, 'articles'));
  const env = Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined && !e[0].startsWith('DISCORD_')));
  const input = [
    `/news summary article:${SEED} sentences:2`,
    '/config color hex:#ff0000',
    `/news read article:${LONGEST}`,
    'press Next',
    `/news post article:${SEED}`,
    'messages',
    '/news latest count:many',
    'hello',
    'channels',
    'go #general',
    '/config show',
    'quit',
    '/news latest',
  ].join('\n');
  const script = startNode('scripts/dev-local.ts', { ...env, ARTICLES_DIR: './articles', DATABASE_PATH: './data/dev.sqlite', LOG_LEVEL: 'warn' }, dir, `${input}\n`);
  const { code } = await script.exited;
  expect(script.stderr).toBe('');
  expect(code).toBe(0);
  const out = script.stdout;
  expect(out).toContain('Registered /news, /config');
  expect(out).toContain(`-- ${SEED} · summary, 2 sentences`);
  expect(out).toContain('[#news, only you can see this]\nEmbeds will use #FF0000.');
  expect(out).toMatch(new RegExp(`\\[#news, only you can see this, edited\\]\\n[^]*${LONGEST} · page 2 of \\d+`));
  expect(out).toContain('Posted **In a new phone call, Biden and Putin discuss Ukraine tensions.** in #news.');
  expect(out).toContain('count must be a whole number, not "many".');
  expect(out).toContain('Unknown input "hello".');
  expect(out).toContain('Channels: #news (commands run here), #general, #announcements (announcement)');
  expect(out).toContain('Commands now run in #general.\n> [#general, only you can see this]\nNews settings for Sandbox');
  expect(out.trimEnd().endsWith('Bye.')).toBe(true);
  // Nothing after quit ran.
  expect(out.match(/Latest news/g)).toBeNull();
});
