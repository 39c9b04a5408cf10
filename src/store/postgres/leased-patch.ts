// One UPDATE of a leased row's changed columns (a schedule or a feed). With an owner it also ends the
// lease, and only while the lease is that owner's.
import type { Pool } from './pool.js';

/** True when the row was changed (false when there was nothing to set, or the lease is not `owner`'s). */
export async function patchLeased(
  client: Pick<Pool, 'query'>,
  table: 'schedules' | 'feeds',
  id: string,
  columns: readonly { column: string; value: unknown }[],
  owner: string | null,
): Promise<boolean> {
  const params: unknown[] = [id, ...columns.map(({ value }) => value)];
  const sets = columns.map(({ column }, i) => `${column} = $${i + 2}`);
  let where = 'id = $1';
  if (owner !== null) {
    sets.push('lease_owner = NULL', 'lease_until = NULL');
    params.push(owner);
    where += ` AND lease_owner = $${params.length}`;
  }
  if (sets.length === 0) return false;
  const { rowCount } = await client.query(`UPDATE ${table} SET ${sets.join(', ')} WHERE ${where}`, params);
  return rowCount === 1;
}
