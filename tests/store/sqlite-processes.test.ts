import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { silentLogger } from '../../src/logger.js';
import { openStores } from '../../src/store/open-stores.js';
import { at, newSchedule } from './contract/fixtures.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'news-processes-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

interface Claimer {
  ready: Promise<void>;
  go(): void;
  result: Promise<{ schedules: string[]; interactions: string[] }>;
}

function claimer(path: string, owner: string, interactions: number): Claimer {
  const child = spawn(process.execPath, ['--import', 'tsx', 'tests/fixtures/lease-claimer.ts', path, owner, String(at(0).getTime()), String(interactions)], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout });
  const ready = new Promise<void>((resolve, reject) => {
    lines.once('line', (line) => (line === 'ready' ? resolve() : reject(new Error(line))));
    child.once('exit', (code) => reject(new Error(`claimer exited with ${code} before it was ready`)));
  });
  const result = new Promise<{ schedules: string[]; interactions: string[] }>((resolve, reject) => {
    let last = '';
    lines.on('line', (line) => (last = line));
    child.once('exit', (code) => (code === 0 ? resolve(JSON.parse(last) as { schedules: string[]; interactions: string[] }) : reject(new Error(`claimer exited with ${code}`))));
  });
  return { ready, go: () => child.stdin.end('go\n'), result };
}

it('two processes on one SQLite file take every due schedule and every interaction exactly once between them', async () => {
  const path = join(dir, 'shared.sqlite');
  const setup = await openStores({ databasePath: path }, { logger: silentLogger(), clock: { now: () => at(0) } });
  const ids = Array.from({ length: 300 }, (_, n) => `s${String(n).padStart(5, '0')}`);
  for (const id of ids) await setup.schedules.create(newSchedule(id, -1));
  await setup.close();

  const a = claimer(path, 'process-a', 300);
  const b = claimer(path, 'process-b', 300);
  await Promise.all([a.ready, b.ready]);
  a.go();
  b.go();
  const [fromA, fromB] = await Promise.all([a.result, b.result]);

  expect([...fromA.schedules, ...fromB.schedules].sort()).toEqual(ids);
  expect(fromA.interactions.length + fromB.interactions.length).toBe(300);
  expect(new Set([...fromA.interactions, ...fromB.interactions]).size).toBe(300);
  const check = await openStores({ databasePath: path }, { logger: silentLogger(), clock: { now: () => at(0) } });
  const owners = new Map((await check.schedules.listAll()).map((s) => [s.id, s.lease?.owner]));
  for (const id of fromA.schedules) expect(owners.get(id)).toBe('process-a');
  for (const id of fromB.schedules) expect(owners.get(id)).toBe('process-b');
  await check.close();
});
