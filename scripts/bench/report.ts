// The results file: the fixed keys outside checks read (see the benchmark issue), extra keys for the
// baselines and ratios, and the targets with whether this run met them.
import { cpus, platform, release, totalmem } from 'node:os';
import type { HandlerFigures } from './handler.js';
import type { SearchFigures, SummarizeFigures } from './latency.js';
import { ratio, round } from './measure.js';
import type { ScheduleFigures } from './schedules.js';
import type { WatchFigures } from './watch.js';
import { WATCH_DEBOUNCE_MS } from './watch.js';

/** What a size's child process reports (scripts/bench/child.ts). */
export interface ChildResult {
  size: number;
  coldStartMs: number;
  loadMs: number;
  indexMs: number;
  readOnlyMs: number;
  rssMb: number;
  heapUsedMb: number;
  externalMb: number;
  rssBeforeGcMb: number;
  rssIdleMb: number;
  summarize: SummarizeFigures;
  search: SearchFigures;
  handler: HandlerFigures;
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
  };
}

const r = (value: number): number => round(value, 3);

/** One size's figures under the fixed keys, then baselines and ratios. */
export function sizeFigures(child: ChildResult, corpusMb: number) {
  const { summarize: s, search, handler: h, watch: w } = child;
  return {
    coldStartMs: r(child.coldStartMs),
    rssMb: child.rssMb,
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
    // Extras: the parts and baselines behind the figures above.
    articles: child.size,
    corpusMb: round(corpusMb, 1),
    loadMs: r(child.loadMs),
    indexMs: r(child.indexMs),
    readFilesOnlyMs: r(child.readOnlyMs),
    rssIdleMb: child.rssIdleMb,
    heapUsedMb: child.heapUsedMb,
    externalMb: child.externalMb,
    rssBeforeGcMb: child.rssBeforeGcMb,
    lead3P99Ms: r(s.lead3.p99),
    summarizeLongP50Ms: r(s.long.p50),
    summarizeLongP99Ms: r(s.long.p99),
    lead3LongP50Ms: r(s.lead3Long.p50),
    typicalArticleBytes: s.typicalBytes,
    longArticleBytes: s.longBytes,
    linearScanP50Ms: r(search.linearScan.p50),
    autocompleteP50Ms: r(search.autocomplete.p50),
    linearSuggestP95Ms: r(search.linearSuggest.p95),
    emptyQueries: search.emptyQueries,
    handlerSummaryP50Ms: r(h.summary.p50),
    handlerSearchP50Ms: r(h.search.p50),
    serviceSummaryP50Ms: r(h.serviceSummary.p50),
    serviceSummaryP99Ms: r(h.serviceSummary.p99),
    serviceSearchP50Ms: r(h.serviceSearch.p50),
    serviceSearchP99Ms: r(h.serviceSearch.p99),
    handlerFailures: h.failures,
    handlerSummaryNote: 'distinct articles, first call each (NewsService caches summaries per article)',
    watchToSearchableP95Ms: r(w.toSearchable.p95),
    watchDebounceMs: WATCH_DEBOUNCE_MS,
    watchMissed: w.missed,
    reloadAllMs: r(w.reloadAllMs),
    ratios: {
      coldStartVsReadFilesOnly: ratio(child.coldStartMs, child.readOnlyMs),
      rssVsCorpus: ratio(child.rssMb, corpusMb),
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

/** The targets, checked against this run. */
export function checkTargets(sizes: Record<string, SizeFigures>, schedules: ScheduleFigures): TargetCheck[] {
  const at = (n: number) => sizes[String(n)];
  const check = (figure: string, target: string, value: number | undefined, limit: number): TargetCheck => ({
    figure,
    target,
    value: value ?? null,
    met: value === undefined ? null : value < limit,
  });
  const small = at(10_000);
  const large = at(100_000);
  // Summarizing does not depend on the library's size: the worst size run is the figure.
  const summarize = Object.values(sizes).map((f) => f.summarizeP50Ms);
  const growth = small && large ? round(large.coldStartMs / small.coldStartMs, 2) : undefined;
  return [
    check('cold start, 10,000 articles (ms)', '< 2000', small?.coldStartMs, 2000),
    check('RSS after loading, 10,000 articles (MB)', '< 300', small?.rssMb, 300),
    check('cold start, 100,000 articles (ms)', '< 20000', large?.coldStartMs, 20_000),
    // Ten times the articles should cost about ten times the start-up; 13x allows for GC and noise.
    check('cold start growth 10k -> 100k (x)', '~10 (< 13)', growth, 13),
    check('summarize ~4 KB p50, worst size (ms)', '< 0.5', summarize.length ? Math.max(...summarize) : undefined, 0.5),
    check('search p95, 10,000 articles (ms)', '< 5', small?.searchP95Ms, 5),
    check('autocomplete p95, 10,000 articles (ms)', '< 2', small?.autocompleteP95Ms, 2),
    check('handler /news summary p99 (ms)', '< 20', small?.handlerSummaryP99Ms, 20),
    check('handler /news search p99 (ms)', '< 20', small?.handlerSearchP99Ms, 20),
    check('plan 10,000 due schedules (ms)', '< 1000', schedules.planMs, 1000),
    check('duplicate (channel, article) pairs', '= 0', schedules.duplicates, 1),
  ];
}
