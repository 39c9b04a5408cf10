import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lead3, textRank3 } from '../../scripts/eval/baselines.js';
import { loadFolder } from '../../scripts/eval/dataset.js';
import { scoreSummary } from '../../scripts/eval/score.js';

const dir = mkdtempSync(join(tmpdir(), 'eval-set-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const body = [
  'The council approved the harbour budget on Monday night.',
  'The harbour budget pays for new cranes and a longer quay.',
  'Dock workers welcomed the harbour budget and the new cranes.',
  'The weather was mild.',
  'The harbour budget takes effect in July, the council said.',
].join(' ');

function writeSet(): void {
  mkdirSync(join(dir, 'articles'));
  mkdirSync(join(dir, 'references'));
  writeFileSync(join(dir, 'articles', 'b.txt'), `Harbour budget passes\n\n${body}\n`);
  writeFileSync(join(dir, 'articles', 'a.txt'), 'Short one\n\nOnly one sentence here.\n');
  writeFileSync(join(dir, 'references', 'b.txt'), 'The council approved the harbour budget.\r\nIt pays for cranes.\n');
  writeFileSync(join(dir, 'references', 'a.txt'), 'Only one sentence here.\n');
  writeFileSync(join(dir, 'order.txt'), 'b\na\n');
}
writeSet();

describe('summary evaluation sets', () => {
  it('loads articles and one reference sentence per line, in order.txt order', () => {
    const items = loadFolder(dir);
    expect(items.map((item) => item.id)).toEqual(['b', 'a']);
    expect(items[0]!.title).toBe('Harbour budget passes');
    expect(items[0]!.reference).toEqual(['The council approved the harbour budget.', 'It pays for cranes.']);
  });

  it('refuses a folder without articles/ and references/', () => {
    expect(() => loadFolder(join(dir, 'articles'))).toThrow(/articles\/ and references\//);
  });

  it('Lead-3 is the first three sentences and TextRank-3 three sentences in article order', () => {
    const [item] = loadFolder(dir);
    expect(lead3(item!)).toEqual(body.split(/(?<=\.) /).slice(0, 3));
    const ranked = textRank3(item!);
    expect(ranked).toHaveLength(3);
    expect(ranked).not.toContain('The weather was mild.');
    const positions = ranked.map((sentence) => body.indexOf(sentence));
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it('scores a summary equal to its reference as 1', () => {
    const [, item] = loadFolder(dir);
    expect(scoreSummary(item!, ['Only one sentence here.'])).toEqual({ r1: 1, r2: 1, rl: 1 });
  });
});
