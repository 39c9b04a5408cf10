// The results file: the fixed keys outside checks read (see the benchmark issues), extra keys for the
// baselines and ratios, and the targets with whether this run met them.
import { cpus, loadavg, platform, release, totalmem } from 'node:os';
import type { HandlerFigures } from './handler.js';
import type { SearchFigures, SummarizeFigures } from './latency.js';
import { ratio, round } from './measure.js';
import type { ScheduleFigures } from './schedules.js';
import type { WatchFigures } from './watch.js';
import { WATCH_DEBOUNCE_MS } from './watch.js';

/** What a size's import process reports (scripts/bench/child-import.ts). */
export interface ImportResult {
  size: number;
  firstImportMs: number;
  writeMs: number;
  importPerSecond: number;
  rssMb: number;
  heapUsedMb: number;
  externalMb: number;
  rssBeforeGcMb: number;
  rssIdleMb: number;
  readOnlyMs: number;
  dbMb: number;
}

/** What a size's restart process reports (scripts/bench/child-serve.ts). */
export interface ServeResult {
  size: number;
  listFolderMs: number;
  catalogOpenMs: number;
  restartReadyMs: number;
  rssAfterRestartMb: number;
  summarize: SummarizeFigures;
  search: SearchFigures;
  handler: HandlerFigures;
  schedules: ScheduleFigures;
  watch: WatchFigures;
}

export function machineInfo() {
  const cpu = cpus();
  return {
    cpus: cpu.length,
    node: process.version,
    cpuModel: cpu[0]?.model.trim() ?? 'unknown',
    totalMemoryGb: round(totalmem() / 2 ** 30, 1),
    os: `${platform()} ${release()}`,
    date: new Date().toISOString(),
    /** Other work on the machine inflates wall-clock times: the 1-minute load average when the run ended. */
    loadAverage: round(loadavg()[0] ?? 0, 2),
  };
}

const r = (value: number): number => round(value, 3);

/** One size's figures under the fixed keys, then baselines and ratios. */
export function sizeFigures(first: ImportResult, serve: ServeResult, corpusMb: number) {
  const { summarize: s, search, handler: h, watch: w, schedules: plan } = serve;
  return {
    // A start is now a restart over the stored catalog: ready once the folder is compared with it.
    coldStartMs: r(serve.restartReadyMs),
    rssMb: first.rssMb,
    summarizeP50Ms: r(s.typical.p50),
    summarizeP99Ms: r(s.typical.p99),
    lead3P50Ms: r(s.lead3.p50),
    searchP50Ms: r(search.search.p50),
    searchP95Ms: r(search.search.p95),
    linearScanP95Ms: r(search.linearScan.p95),
    autocompleteP95Ms: r(search.autocomplete.p95),
    handlerSummaryP99Ms: r(h.summary.p99),
    handlerSearchP99Ms: r(h.search.p99),
    watchToSearchableMs: r(w.toSearchable.p50),
    firstImportMs: r(first.firstImportMs),
    restartReadyMs: r(serve.restartReadyMs),
    listFolderMs: r(serve.listFolderMs),
    rssAfterRestartMb: serve.rssAfterRestartMb,
    // Extras: the parts and baselines behind the figures above.
    articles: first.size,
    corpusMb: round(corpusMb, 1),
    importPerSecond: Math.round(first.importPerSecond),
    loadMs: r(first.firstImportMs - first.writeMs),
    indexMs: r(first.writeMs),
    readFilesOnlyMs: r(first.readOnlyMs),
    catalogOpenMs: r(serve.catalogOpenMs),
    databaseMb: round(first.dbMb, 1),
    rssIdleMb: first.rssIdleMb,
    heapUsedMb: first.heapUsedMb,
    externalMb: first.externalMb,
    rssBeforeGcMb: first.rssBeforeGcMb,
    lead3P99Ms: r(s.lead3.p99),
    summarizeLongP50Ms: r(s.long.p50),
    summarizeLongP99Ms: r(s.long.p99),
    lead3LongP50Ms: r(s.lead3Long.p50),
    typicalArticleBytes: s.typicalBytes,
    longArticleBytes: s.longBytes,
    searchCpuP50Ms: r(search.searchCpu.p50),
    searchCpuP95Ms: r(search.searchCpu.p95),
    autocompleteCpuP95Ms: r(search.autocompleteCpu.p95),
    linearScanP50Ms: r(search.linearScan.p50),
    linearQueries: search.linearQueries,
    autocompleteP50Ms: r(search.autocomplete.p50),
    linearSuggestP95Ms: r(search.linearSuggest.p95),
    emptyQueries: search.emptyQueries,
    handlerSummaryP50Ms: r(h.summary.p50),
    handlerSearchP50Ms: r(h.search.p50),
    handlerSummaryCpuP99Ms: r(h.summaryCpu.p99),
    handlerSearchCpuP99Ms: r(h.searchCpu.p99),
    serviceSummaryP50Ms: r(h.serviceSummary.p50),
    serviceSummaryP99Ms: r(h.serviceSummary.p99),
    serviceSearchP50Ms: r(h.serviceSearch.p50),
    serviceSearchP99Ms: r(h.serviceSearch.p99),
    handlerFailures: h.failures,
    handlerSummaryNote: 'distinct articles, first call each (the summary is computed and stored then)',
    planSchedulesMs: r(plan.planMs),
    planResumedMs: r(plan.planResumedMs),
    planWithoutCursorMs: r(plan.uncachedPlanMs),
    planAllNewMs: r(plan.planAllNewMs),
    watchToSearchableP95Ms: r(w.toSearchable.p95),
    watchDebounceMs: WATCH_DEBOUNCE_MS,
    watchMissed: w.missed,
    reloadAllMs: r(w.reloadAllMs),
    ratios: {
      coldStartVsReadFilesOnly: ratio(serve.restartReadyMs, first.readOnlyMs),
      restartVsListFolder: ratio(serve.restartReadyMs, serve.listFolderMs),
      rssVsCorpus: ratio(first.rssMb, corpusMb),
      summarizeVsLead3: ratio(s.typical.p50, s.lead3.p50),
      summarizeLongVsLead3: ratio(s.long.p50, s.lead3Long.p50),
      searchVsLinearScanP95: ratio(search.search.p95, search.linearScan.p95),
      autocompleteVsLinearP95: ratio(search.autocomplete.p95, search.linearSuggest.p95),
      handlerSummaryVsServiceP99: ratio(h.summary.p99, h.serviceSummary.p99),
      handlerSearchVsServiceP99: ratio(h.search.p99, h.serviceSearch.p99),
      watchVsReloadAll: ratio(w.toSearchable.p50, w.reloadAllMs),
    },
  };
}

export type SizeFigures = ReturnType<typeof sizeFigures>;

export interface TargetCheck {
  figure: string;
  target: string;
  /** null when the size it needs was not run. */
  value: number | null;
  met: boolean | null;
}

/** The issues' targets, checked against this run. */
export function checkTargets(sizes: Record<string, SizeFigures>, schedules: ScheduleFigures | undefined): TargetCheck[] {
  const at = (n: number) => sizes[String(n)];
  const check = (figure: string, target: string, value: number | undefined, limit: number): TargetCheck => ({
    figure,
    target,
    value: value ?? null,
    met: value === undefined ? null : value < limit,
  });
  const small = at(10_000);
  const large = at(100_000);
  const huge = at(1_000_000);
  const all = Object.values(sizes);
  const worst = (pick: (f: SizeFigures) => number): number | undefined => (all.length ? Math.max(...all.map(pick)) : undefined);
  return [
    check('restart to ready, 100,000 articles (ms)', '< 1000', large?.restartReadyMs, 1000),
    check('restart to ready / listing the folder, 100,000', '<= 3', large ? large.restartReadyMs / large.listFolderMs : undefined, 3.0001),
    check('RSS after the first import, 100,000 articles (MB)', '< 200', large?.rssMb, 200),
    check('RSS after a restart, 100,000 articles (MB)', '< 200', large?.rssAfterRestartMb, 200),
    check('RSS after a restart, 1,000,000 articles (MB)', '< 200', huge?.rssAfterRestartMb, 200),
    check('search p95, 1,000,000 articles (ms)', '< 10', huge?.searchP95Ms, 10),
    check('search p95, 10,000 articles (ms)', '< 5', small?.searchP95Ms, 5),
    check('autocomplete p95, 10,000 articles (ms)', '< 2', small?.autocompleteP95Ms, 2),
    check('handler /news summary p99, worst size (ms)', '< 20', worst((f) => f.handlerSummaryP99Ms), 20),
    check('handler /news search p99, worst size (ms)', '< 20', worst((f) => f.handlerSearchP99Ms), 20),
    check('summarize ~4 KB p50, worst size (ms)', '< 0.5', worst((f) => f.summarizeP50Ms), 0.5),
    check(`plan 10,000 due schedules, ${(schedules?.libraryArticles ?? 0).toLocaleString('en-US')} articles (ms)`, '< 1000', schedules?.planMs, 1000),
    check('duplicate (channel, article) pairs', '= 0', schedules?.duplicates, 1),
    check('handler interactions answered without a result, all sizes', '= 0', all.length ? all.reduce((sum, f) => sum + f.handlerFailures, 0) : undefined, 1),
  ];
}
