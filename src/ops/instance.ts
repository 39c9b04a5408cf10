// Who this process is, among several bot processes on one database: the name its logs carry and the
// owner it writes on the schedule runs it leases.
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

/** host-pid-random: unique even when a restarted process is given the same pid. */
export function instanceId(): string {
  return `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
}
