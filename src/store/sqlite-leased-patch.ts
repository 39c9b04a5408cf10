// One UPDATE of a leased row's changed columns (a schedule or a feed), its statement prepared once per
// set of columns. With an owner it also ends the lease, and only while the lease is that owner's.
import type { Database } from './database.js';

/** A value as the SQLite tables keep it: times as epoch milliseconds, flags as 0 or 1, objects as JSON. */
function toColumn(value: unknown): unknown {
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value !== null && typeof value === 'object') return JSON.stringify(value);
  return value;
}

export class LeasedPatches {
  private readonly statements = new Map<string, ReturnType<Database['prepare']>>();

  constructor(
    private readonly db: Database,
    private readonly table: 'schedules' | 'feeds',
  ) {}

  /** True when a row was changed (false when there was nothing to set, or the lease is not `owner`'s). */
  apply(id: string, columns: readonly { column: string; value: unknown }[], owner: string | null): boolean {
    const sets = columns.map(({ column }) => `${column} = @${column}`);
    if (owner !== null) sets.push('lease_owner = NULL', 'lease_until = NULL');
    if (sets.length === 0) return false;
    const sql = `UPDATE ${this.table} SET ${sets.join(', ')} WHERE id = @id${owner !== null ? ' AND lease_owner = @owner' : ''}`;
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    const values = Object.fromEntries(columns.map(({ column, value }) => [column, toColumn(value)]));
    return statement.run({ id, ...values, ...(owner !== null ? { owner } : {}) }).changes > 0;
  }
}
