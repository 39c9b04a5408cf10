// Ids people type: schedules and feeds are named by 6 characters without look-alikes (no i, l, o, 0, 1).
import { randomInt } from 'node:crypto';

const ID_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

export function newShortId(): string {
  return Array.from({ length: 6 }, () => ID_ALPHABET[randomInt(ID_ALPHABET.length)]).join('');
}
