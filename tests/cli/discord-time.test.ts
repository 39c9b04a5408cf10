// Discord timestamps written out for the terminal: the full local time with its zone, never a bare date.
import { describe, expect, it } from 'vitest';
import { formatDiscordTime, relativeTime, writeOutTimes } from '../../src/cli/discord-time.js';
import { renderText } from '../../src/cli/render-text.js';

const at = new Date('2026-11-29T17:05:00Z');
const unix = at.getTime() / 1000;
const now = new Date('2026-11-29T17:00:00Z');

describe('formatDiscordTime', () => {
  it.each([
    ['f', 'Europe/London', 'Sun 29 Nov 2026, 17:05 Europe/London'],
    ['F', 'America/New_York', 'Sun 29 Nov 2026, 12:05 America/New_York'],
    ['D', 'Asia/Tokyo', 'Mon 30 Nov 2026'],
    ['t', 'Europe/Berlin', '18:05 Europe/Berlin'],
    ['R', 'UTC', 'in 5 minutes'],
  ])('style %s in %s', (style, timeZone, expected) => {
    expect(formatDiscordTime(at, style, { timeZone, now })).toBe(expected);
  });
});

describe('relativeTime', () => {
  it.each([
    [0, 'now'],
    [-30_000, '30 seconds ago'],
    [2 * 3_600_000, 'in 2 hours'],
    [-86_400_000, 'yesterday'],
    [3 * 86_400_000, 'in 3 days'],
  ])('%i ms away reads "%s"', (offset, expected) => {
    expect(relativeTime(new Date(now.getTime() + offset), now)).toBe(expected);
  });
});

describe('writeOutTimes', () => {
  it('replaces each timestamp, with or without a style, and leaves escaped ones alone', () => {
    const text = `next <t:${unix}:f> (<t:${unix}:R>); then <t:${unix}>; literally \\<t:${unix}:f\\>`;
    expect(writeOutTimes(text, { timeZone: 'Europe/London', now })).toBe(
      `next Sun 29 Nov 2026, 17:05 Europe/London (in 5 minutes); then Sun 29 Nov 2026, 17:05 Europe/London; literally \\<t:${unix}:f\\>`,
    );
  });
});

describe('renderText', () => {
  it('writes the embed timestamp in full with its zone', () => {
    const text = renderText({ embeds: [{ title: 'T', footer: { text: 'wire' }, timestamp: at.toISOString() }], allowedMentions: { parse: [] } }, { timeZone: 'Europe/London' });
    expect(text).toContain('-- wire · Sun 29 Nov 2026, 17:05 Europe/London');
  });
});
