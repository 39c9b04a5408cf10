// IANA time zones without dependencies: names (validation, autocomplete) and wall-clock arithmetic on Intl.
// Offsets come from Intl.DateTimeFormat#formatToParts (a few µs per call), so they are cached per zone and
// UTC day: a schedule pass over thousands of rules then costs Map look-ups, not formatter calls.

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * ICU (Node 20) still lists some zones under their pre-rename ids; admins know the IANA names.
 * Each maps to the current IANA name, used only when this runtime's Intl accepts it.
 */
const RENAMED: Readonly<Record<string, string>> = {
  'Africa/Asmera': 'Africa/Asmara',
  'America/Buenos_Aires': 'America/Argentina/Buenos_Aires',
  'America/Catamarca': 'America/Argentina/Catamarca',
  'America/Coral_Harbour': 'America/Atikokan',
  'America/Cordoba': 'America/Argentina/Cordoba',
  'America/Godthab': 'America/Nuuk',
  'America/Indianapolis': 'America/Indiana/Indianapolis',
  'America/Jujuy': 'America/Argentina/Jujuy',
  'America/Louisville': 'America/Kentucky/Louisville',
  'America/Mendoza': 'America/Argentina/Mendoza',
  'Asia/Calcutta': 'Asia/Kolkata',
  'Asia/Katmandu': 'Asia/Kathmandu',
  'Asia/Rangoon': 'Asia/Yangon',
  'Asia/Saigon': 'Asia/Ho_Chi_Minh',
  'Atlantic/Faeroe': 'Atlantic/Faroe',
  'Europe/Kiev': 'Europe/Kyiv',
  'Pacific/Enderbury': 'Pacific/Kanton',
  'Pacific/Ponape': 'Pacific/Pohnpei',
  'Pacific/Truk': 'Pacific/Chuuk',
};

/** Shown for an empty autocomplete query: UTC, then zones many servers use, west to east. */
const POPULAR = [
  'UTC', 'America/Los_Angeles', 'America/Denver', 'America/Chicago', 'America/New_York', 'America/Sao_Paulo',
  'Europe/London', 'Europe/Paris', 'Europe/Berlin', 'Europe/Istanbul', 'Europe/Moscow', 'Asia/Dubai',
  'Asia/Kolkata', 'Asia/Bangkok', 'Asia/Singapore', 'Asia/Shanghai', 'Asia/Tokyo', 'Australia/Sydney',
  'Pacific/Auckland',
];

interface ZoneIndex {
  /** Canonical names, UTC first, the rest sorted. */
  names: string[];
  /** Lower-cased name or old spelling → canonical name. */
  byKey: Map<string, string>;
  /** Per canonical name, the normalized strings autocomplete matches against (name and old spelling). */
  searchKeys: Map<string, string[]>;
}

let zoneIndex: ZoneIndex | undefined;

function acceptsZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

const lookupKey = (name: string): string => name.trim().toLowerCase().replace(/\s+/g, '_');
const searchKey = (text: string): string => text.trim().toLowerCase().replace(/[\s_]+/g, ' ');

/** Built on first use rather than at import, so loading the module stays free. */
function getZoneIndex(): ZoneIndex {
  if (zoneIndex) return zoneIndex;
  const byKey = new Map<string, string>([['utc', 'UTC'], ['etc/utc', 'UTC']]);
  const searchKeys = new Map<string, string[]>([['UTC', ['utc']]]);
  for (const listed of Intl.supportedValuesOf('timeZone')) {
    const renamed = RENAMED[listed];
    const name = renamed !== undefined && acceptsZone(renamed) ? renamed : listed;
    byKey.set(lookupKey(name), name);
    byKey.set(lookupKey(listed), name);
    const keys = searchKeys.get(name) ?? [];
    for (const key of [searchKey(name), searchKey(listed)]) if (!keys.includes(key)) keys.push(key);
    searchKeys.set(name, keys);
  }
  const names = ['UTC', ...[...searchKeys.keys()].filter((name) => name !== 'UTC').sort()];
  zoneIndex = { names, byKey, searchKeys };
  return zoneIndex;
}

/** The canonical IANA name for `name` (any case; spaces may stand for '_'), or undefined if unknown. */
export function canonicalTimeZone(name: string): string | undefined {
  return getZoneIndex().byKey.get(lookupKey(name));
}

export function isValidTimeZone(name: string): boolean {
  return canonicalTimeZone(name) !== undefined;
}

/**
 * Autocomplete: names starting with the query first, then names with a part (after '/', ' ' or '-')
 * starting with it, then any other names containing it; alphabetical within each group. Case and
 * '_' versus ' ' are ignored; old spellings (Calcutta, Kiev) find the current name. At most 25.
 */
export function searchTimeZones(query: string, limit = 25): string[] {
  const max = Math.max(0, Math.min(25, Math.floor(limit)));
  const { names, searchKeys } = getZoneIndex();
  const q = searchKey(query);
  if (q === '') return POPULAR.filter((name) => searchKeys.has(name)).slice(0, max);
  const groups: string[][] = [[], [], []];
  for (const name of names) {
    const rank = Math.min(...(searchKeys.get(name) ?? []).map((key) => matchRank(key, q)));
    groups[rank]?.push(name);
  }
  return groups.flat().slice(0, max);
}

/** 0: key starts with q; 1: a part of key does; 2: key contains q; 3: no match. */
function matchRank(key: string, q: string): number {
  if (key.startsWith(q)) return 0;
  for (let at = key.indexOf(q, 1); at > 0; at = key.indexOf(q, at + 1)) {
    if ('/ -'.includes(key[at - 1] ?? '')) return 1;
  }
  return key.includes(q) ? 2 : 3;
}

// ---- Wall-clock arithmetic ----

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric',
      hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Offset (local minus UTC, in ms) at `ms`, straight from Intl. Only whole seconds matter to time zones. */
function offsetFromIntl(timeZone: string, ms: number): number {
  const at = Math.floor(ms / 1000) * 1000;
  const field = { year: 0, month: 1, day: 1, hour: 0, minute: 0, second: 0 };
  for (const part of formatterFor(timeZone).formatToParts(at)) {
    if (part.type in field) field[part.type as keyof typeof field] = Number(part.value);
  }
  const hour = field.hour === 24 ? 0 : field.hour; // older ICU wrote midnight as 24
  return Date.UTC(field.year, field.month - 1, field.day, hour, field.minute, field.second) - at;
}

/** One UTC day of a zone: its offset before `changeAt` and after it (the same when nothing changes). */
interface DayOffsets {
  before: number;
  after: number;
  changeAt: number;
}

const dayCaches = new Map<string, Map<number, DayOffsets>>();
const MAX_CACHED_DAYS = 4096;

/**
 * Assumes a zone changes its offset at most once per UTC day, which holds for all tz data in use.
 * A changing day gets its change instant found by bisection, once.
 */
function dayOffsets(timeZone: string, day: number): DayOffsets {
  let cache = dayCaches.get(timeZone);
  if (!cache) dayCaches.set(timeZone, (cache = new Map()));
  let entry = cache.get(day);
  if (entry) return entry;
  const start = day * DAY;
  let low = start;
  let high = start + DAY - 1000;
  const before = offsetFromIntl(timeZone, low);
  const after = offsetFromIntl(timeZone, high);
  if (before !== after) {
    while (high - low > 1000) {
      const mid = low + Math.floor((high - low) / 2000) * 1000;
      if (offsetFromIntl(timeZone, mid) === before) low = mid;
      else high = mid;
    }
  }
  entry = { before, after, changeAt: before === after ? Infinity : high };
  if (cache.size >= MAX_CACHED_DAYS) cache.clear();
  cache.set(day, entry);
  return entry;
}

/** Local time minus UTC, in ms, at instant `ms` in `timeZone` (a name Intl accepts). */
export function zoneOffset(timeZone: string, ms: number): number {
  const entry = dayOffsets(timeZone, Math.floor(ms / DAY));
  return ms < entry.changeAt ? entry.before : entry.after;
}

/**
 * The instant a local wall-clock time (given as if it were UTC ms) happens in `timeZone`.
 * A time that happens twice (clocks going back) gives the first; a time skipped by clocks going forward
 * gives the instant of the jump, as that is the first moment at or after it on the local clock.
 */
export function instantOfLocalTime(timeZone: string, wallMs: number): number {
  // Offsets lie within -12h..+14h, so the instant lies within this window; at most one change falls in it.
  const earlyOffset = zoneOffset(timeZone, wallMs - 14 * HOUR);
  const lateOffset = zoneOffset(timeZone, wallMs + 12 * HOUR);
  const candidates = [wallMs - earlyOffset, wallMs - lateOffset].filter(
    (instant) => instant + zoneOffset(timeZone, instant) === wallMs,
  );
  if (candidates.length > 0) return Math.min(...candidates);
  // Skipped by clocks going forward: find the jump, the first second whose local time reads later.
  let low = wallMs - lateOffset; // reads earlier than wallMs
  let high = wallMs - earlyOffset; // reads later
  while (high - low > 1000) {
    const mid = low + Math.floor((high - low) / 2000) * 1000;
    if (mid + zoneOffset(timeZone, mid) > wallMs) high = mid;
    else low = mid;
  }
  return high;
}
