// Discord's <t:unix:style> timestamps written out for a terminal: in full with the time zone, since
// a bare date hides when a schedule will actually post. Discord shows them in the reader's own zone;
// so does this, unless a zone is given (tests give one).

export interface TimeOptions {
  /** IANA zone; default: this machine's. */
  timeZone?: string;
  /** For relative times ("in 5 minutes"); default: now. */
  now?: Date;
}

const localZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone;

function parts(date: Date, timeZone: string): Record<string, string> {
  const format = new Intl.DateTimeFormat('en-GB', {
    timeZone, weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  });
  return Object.fromEntries(format.formatToParts(date).map((part) => [part.type, part.value]));
}

const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['year', 365 * 86_400],
  ['month', 30 * 86_400],
  ['week', 7 * 86_400],
  ['day', 86_400],
  ['hour', 3_600],
  ['minute', 60],
  ['second', 1],
];

/** "in 5 minutes", "2 hours ago", "tomorrow": the largest unit that fits, as Discord's R style does. */
export function relativeTime(date: Date, now: Date): string {
  const seconds = Math.round((date.getTime() - now.getTime()) / 1000);
  const [unit, size] = UNITS.find(([, length]) => Math.abs(seconds) >= length) ?? UNITS[UNITS.length - 1]!;
  return new Intl.RelativeTimeFormat('en', { numeric: 'auto' }).format(Math.round(seconds / size), unit);
}

/** "Sun 29 Nov 2026, 17:05 Europe/London" (style f/F), the date alone (d/D), the time (t/T), or relative (R). */
export function formatDiscordTime(date: Date, style: string, options: TimeOptions = {}): string {
  if (Number.isNaN(date.getTime())) return 'an unknown time';
  const zone = options.timeZone ?? localZone();
  if (style === 'R') return relativeTime(date, options.now ?? new Date());
  const p = parts(date, zone);
  const day = `${p.weekday} ${p.day} ${p.month} ${p.year}`;
  const time = `${p.hour}:${p.minute} ${zone}`;
  if (style === 'd' || style === 'D') return day;
  if (style === 't' || style === 'T') return time;
  return `${day}, ${time}`;
}

/** Replaces every <t:unix> and <t:unix:style> in the text. */
export function writeOutTimes(text: string, options: TimeOptions = {}): string {
  return text.replace(/<t:(-?\d{1,13})(?::([tTdDfFR]))?>/g, (_match, seconds: string, style: string | undefined) =>
    formatDiscordTime(new Date(Number(seconds) * 1000), style ?? 'f', options),
  );
}
