// Renders the results as the readable table `npm run bench` prints, and as a Markdown table for the
// README (`--markdown`). Every figure sits next to its baseline from the same run and their ratio,
// which stays comparable across machines when the absolute times do not.
import type { FeedFigures } from './feeds.js';
import { ratio } from './measure.js';
import type { SizeFigures, TargetCheck } from './report.js';
import type { ScheduleFigures } from './schedules.js';

type Key = { [K in keyof SizeFigures]: SizeFigures[K] extends number ? K : never }[keyof SizeFigures];

interface Row {
  label: string;
  value: Key;
  baseline?: Key;
  baselineLabel?: string;
}

const ROWS: Row[] = [
  { label: 'first import (ms)', value: 'firstImportMs', baseline: 'readFilesOnlyMs', baselineLabel: 'read files only' },
  { label: '  articles per second', value: 'importPerSecond' },
  { label: 'restart to ready (ms)', value: 'restartReadyMs', baseline: 'listFolderMs', baselineLabel: 'list the folder' },
  { label: 'RSS after the first import (MB)', value: 'rssMb', baseline: 'corpusMb', baselineLabel: 'size of the files' },
  { label: 'RSS after a restart (MB)', value: 'rssAfterRestartMb', baseline: 'rssIdleMb', baselineLabel: 'before anything' },
  { label: 'database size (MB)', value: 'databaseMb', baseline: 'corpusMb', baselineLabel: 'size of the files' },
  { label: 'summarize ~4 KB p50 (ms)', value: 'summarizeP50Ms', baseline: 'lead3P50Ms', baselineLabel: 'Lead-3 p50' },
  { label: 'summarize ~4 KB p99 (ms)', value: 'summarizeP99Ms', baseline: 'lead3P99Ms', baselineLabel: 'Lead-3 p99' },
  { label: 'summarize ~40 KB p50 (ms)', value: 'summarizeLongP50Ms', baseline: 'lead3LongP50Ms', baselineLabel: 'Lead-3 p50' },
  { label: 'search p50 (ms)', value: 'searchP50Ms', baseline: 'linearScanP50Ms', baselineLabel: 'linear scan p50' },
  { label: 'search p95 (ms)', value: 'searchP95Ms', baseline: 'linearScanP95Ms', baselineLabel: 'linear scan p95' },
  { label: '  CPU time p50 / p95 (ms)', value: 'searchCpuP50Ms', baseline: 'searchCpuP95Ms', baselineLabel: 'CPU p95 (no waiting)' },
  { label: 'autocomplete p95 (ms)', value: 'autocompleteP95Ms', baseline: 'linearSuggestP95Ms', baselineLabel: 'linear filter p95' },
  { label: '  CPU time p95 (ms)', value: 'autocompleteCpuP95Ms' },
  { label: 'handler /news summary p50 (ms)', value: 'handlerSummaryP50Ms', baseline: 'serviceSummaryP50Ms', baselineLabel: 'service call p50' },
  { label: 'handler /news summary p99 (ms)', value: 'handlerSummaryP99Ms', baseline: 'serviceSummaryP99Ms', baselineLabel: 'service call p99' },
  { label: 'handler /news search p50 (ms)', value: 'handlerSearchP50Ms', baseline: 'serviceSearchP50Ms', baselineLabel: 'service call p50' },
  { label: 'handler /news search p99 (ms)', value: 'handlerSearchP99Ms', baseline: 'serviceSearchP99Ms', baselineLabel: 'service call p99' },
  { label: '  CPU time p99, summary / search (ms)', value: 'handlerSummaryCpuP99Ms', baseline: 'handlerSearchCpuP99Ms', baselineLabel: 'search CPU p99' },
  { label: 'plan 10,000 due schedules (ms)', value: 'planSchedulesMs', baseline: 'planAllNewMs', baselineLabel: 'every article new' },
  { label: '  next pass, resumed (ms)', value: 'planResumedMs', baseline: 'planWithoutCursorMs', baselineLabel: 'without cursors' },
  { label: 'new file -> searchable p50 (ms)', value: 'watchToSearchableMs', baseline: 'reloadAllMs', baselineLabel: 'full folder sync' },
];

const num = (value: number | null | undefined): string => {
  if (value === undefined || value === null || !Number.isFinite(value)) return '-';
  if (Number.isInteger(value) || value >= 100) return value.toFixed(0);
  return value >= 10 ? value.toFixed(1) : value.toFixed(3);
};

function columns(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  return rows.map((row) => row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ')).join('\n');
}

export function textTable(sizes: Record<string, SizeFigures>, schedules: ScheduleFigures | undefined, targets: TargetCheck[]): string {
  const out: string[] = [];
  for (const [size, f] of Object.entries(sizes)) {
    out.push(`\n${Number(size).toLocaleString('en-US')} articles (${f.corpusMb} MB of files)`);
    const rows = [['figure', 'value', 'baseline', 'ratio', 'baseline is']];
    for (const row of ROWS) {
      const baseline = row.baseline ? f[row.baseline] : undefined;
      rows.push([row.label, num(f[row.value]), num(baseline), num(ratio(f[row.value], baseline)), row.baselineLabel ?? '']);
    }
    out.push(columns(rows));
    out.push(`(watcher debounce ${f.watchDebounceMs} ms by design; summary handler timed on distinct articles, first call each)`);
  }
  if (schedules) {
    out.push(`\nschedules: ${schedules.due.toLocaleString('en-US')} due across ${schedules.servers.toLocaleString('en-US')} servers, ${schedules.libraryArticles.toLocaleString('en-US')} articles (${schedules.newArticles.toLocaleString('en-US')} new)`);
    out.push(
      columns([
        ['figure', 'value', 'baseline', 'ratio', 'baseline is'],
        ['plan the first pass (ms)', num(schedules.planMs), num(schedules.planAllNewMs), num(ratio(schedules.planMs, schedules.planAllNewMs)), 'every article new'],
        ['plan the next pass (ms)', num(schedules.planResumedMs), num(schedules.uncachedPlanMs), num(ratio(schedules.planResumedMs, schedules.uncachedPlanMs)), 'without cursors'],
        ['messages planned', String(schedules.messages), '', '', ''],
        ['duplicate (channel, article) pairs', String(schedules.duplicates), '', '', ''],
        ['SQLite due(), all rows (ms)', num(schedules.sqliteDueMs), '', '', ''],
      ]),
    );
  }
  out.push('\ntargets');
  out.push(columns([['target', 'goal', 'value', 'met'], ...targets.map((t) => [t.figure, t.target, num(t.value), t.met === null ? 'not run' : t.met ? 'yes' : 'MISSED'])]));
  return out.join('\n');
}

/** A compact Markdown table for the README: one column per size, ratio to the baseline in brackets. */
export function markdownTable(sizes: Record<string, SizeFigures>, schedules: ScheduleFigures | undefined): string {
  const names = Object.keys(sizes);
  const head = `| figure | ${names.map((n) => `${Number(n).toLocaleString('en-US')} articles`).join(' | ')} | baseline |`;
  const lines = [head, `|---|${names.map(() => '---:|').join('')}---|`];
  for (const row of ROWS) {
    const cells = names.map((n) => {
      const f = sizes[n]!;
      const value = f[row.value];
      const x = row.baseline ? ratio(value, f[row.baseline]) : undefined;
      return x === undefined ? num(value) : `${num(value)} (${num(x)}×)`;
    });
    lines.push(`| ${row.label} | ${cells.join(' | ')} | ${row.baselineLabel ?? ''} |`);
  }
  if (schedules) {
    const plan = `${num(schedules.planMs)} ms first pass, ${num(schedules.planResumedMs)} ms next pass, ${schedules.messages} messages, ${schedules.duplicates} duplicates`;
    lines.push(`| plan ${schedules.due.toLocaleString('en-US')} due schedules over ${schedules.libraryArticles.toLocaleString('en-US')} articles | ${plan} |${names.slice(1).map(() => ' |').join('')} |`);
  }
  return lines.join('\n');
}

/** The feed import's lines, each figure beside its baseline. */
export function feedsTable(f: FeedFigures): string {
  const n = (value: number, digits = 0): string => value.toLocaleString('en-US', { maximumFractionDigits: digits });
  return columns([
    ['', `${f.feeds} feeds x ${f.entriesPerFeed} entries`, 'baseline'],
    ['feed import (ms)', n(f.importMs), `parse + convert only: ${n(f.parseAndConvertMs)}; feed library parse only: ${n(f.parseOnlyMs)}`],
    ['  entries per second', n(f.entriesPerSecond), ''],
    ['  of which catalog writes (ms)', n(f.catalogWriteMs), ''],
    ['next pass, all 304 (ms)', n(f.notModifiedPassMs), ''],
    ['RSS after the import (MB)', n(f.rssMb, 1), `before anything: ${n(f.rssIdleMb, 1)}; feeds: ${n(f.documentsMb, 1)} MB`],
    ['database size (MB)', n(f.databaseMb, 1), ''],
  ]);
}
