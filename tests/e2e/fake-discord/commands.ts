// Registered application commands: normalization to Discord's response shape and the
// create / bulk-overwrite semantics (ids survive an overwrite when name and type match).
import { ApiError, FormErrors } from './errors.js';
import type { CommandRecord, FakeState } from './state.js';
import { checkCommand } from './validate-command.js';

type Obj = Record<string, unknown>;

const OPTION_KEYS = ['type', 'name', 'name_localizations', 'description', 'description_localizations', 'required', 'choices', 'options', 'channel_types', 'min_value', 'max_value', 'min_length', 'max_length', 'autocomplete'];

function normalizeOption(o: Obj): Obj {
  const out: Obj = {};
  for (const key of OPTION_KEYS) {
    const v = o[key];
    if (v === undefined || v === null || (key === 'required' && v !== true) || (key === 'autocomplete' && v !== true)) continue;
    out[key] = key === 'options' && Array.isArray(v) ? v.map((x) => normalizeOption(x as Obj)) : v;
  }
  return out;
}

function normalize(def: Obj, guildId: string | null): Obj & { name: string; type: number } {
  const dmp = def.default_member_permissions;
  const type = (def.type as number | undefined) ?? 1;
  const out: Obj & { name: string; type: number } = {
    type,
    name: def.name as string,
    name_localizations: def.name_localizations ?? null,
    description: type === 1 ? (def.description as string) : '',
    description_localizations: def.description_localizations ?? null,
    default_member_permissions: dmp === undefined || dmp === null ? null : String(dmp),
    nsfw: def.nsfw === true,
  };
  if (Array.isArray(def.options) && def.options.length > 0) out.options = def.options.map((o) => normalizeOption(o as Obj));
  if (guildId) out.guild_id = guildId;
  else {
    out.contexts = def.contexts ?? null;
    out.integration_types = def.integration_types ?? [0];
    out.dm_permission = def.dm_permission ?? true;
  }
  return out;
}

function scopeMap(state: FakeState, guildId: string | null): Map<string, CommandRecord> {
  if (!guildId) return state.globalCommands;
  let map = state.guildCommands.get(guildId);
  if (!map) state.guildCommands.set(guildId, (map = new Map()));
  return map;
}

export function apiCommand(applicationId: string, c: CommandRecord): Obj {
  return { id: c.id, application_id: applicationId, version: c.version, ...c.data };
}

const LIMITS: Record<number, number> = { 1: 100, 2: 15, 3: 15 };

function upsert(map: Map<string, CommandRecord>, def: Obj, guildId: string | null, snowflake: () => string, existing: CommandRecord[]): CommandRecord {
  const data = normalize(def, guildId);
  const same = existing.find((c) => c.data.name === data.name && c.data.type === data.type);
  const unchanged = same && JSON.stringify(same.data) === JSON.stringify(data);
  const record: CommandRecord = { id: same?.id ?? snowflake(), guildId, version: unchanged ? same.version : snowflake(), data };
  map.set(record.id, record);
  return record;
}

/** PUT: validates every definition first (nothing changes on error), then replaces the set. */
export function bulkOverwrite(state: FakeState, guildId: string | null, body: unknown, snowflake: () => string): CommandRecord[] {
  const errors = new FormErrors();
  if (!Array.isArray(body)) {
    errors.add([], 'BASE_TYPE_ARRAY', 'This field must be an array.');
    errors.throwIfAny();
    return [];
  }
  body.forEach((cmd, i) => checkCommand(errors, [i], cmd));
  const seen = new Map<string, number>();
  body.forEach((cmd: Obj, i) => {
    const key = `${String(cmd?.type ?? 1)}:${String(cmd?.name)}`;
    if (seen.has(key)) errors.add([i, 'name'], 'APPLICATION_COMMANDS_DUPLICATE_NAME', `Application command names must be unique`);
    seen.set(key, i);
  });
  errors.throwIfAny();
  for (const [type, limit] of Object.entries(LIMITS)) {
    if (body.filter((c: Obj) => (c.type ?? 1) === Number(type)).length > limit) {
      throw new ApiError(400, 30032, `Maximum number of application commands reached (${limit})`);
    }
  }
  const map = scopeMap(state, guildId);
  const existing = [...map.values()];
  map.clear();
  return body.map((def: Obj) => upsert(map, def, guildId, snowflake, existing));
}

/** POST: creates or updates (same name and type) a single command. */
export function createCommand(state: FakeState, guildId: string | null, body: unknown, snowflake: () => string): { record: CommandRecord; created: boolean } {
  const errors = new FormErrors();
  checkCommand(errors, [], body);
  errors.throwIfAny();
  const def = body as Obj;
  const map = scopeMap(state, guildId);
  const existing = [...map.values()];
  const created = !existing.some((c) => c.data.name === def.name && c.data.type === (def.type ?? 1));
  if (created && existing.filter((c) => c.data.type === (def.type ?? 1)).length >= (LIMITS[(def.type as number) ?? 1] ?? 100)) {
    throw new ApiError(400, 30032, 'Maximum number of application commands reached');
  }
  return { record: upsert(map, def, guildId, snowflake, existing), created };
}

export function editCommand(state: FakeState, guildId: string | null, id: string, body: unknown, snowflake: () => string): CommandRecord {
  const map = scopeMap(state, guildId);
  const current = map.get(id);
  if (!current) throw new ApiError(404, 10063, 'Unknown application command');
  const merged = { ...current.data, ...(body as Obj) };
  const errors = new FormErrors();
  checkCommand(errors, [], merged);
  errors.throwIfAny();
  const record: CommandRecord = { id, guildId, version: snowflake(), data: normalize(merged, guildId) };
  map.set(id, record);
  return record;
}

export function deleteCommand(state: FakeState, guildId: string | null, id: string): void {
  if (!scopeMap(state, guildId).delete(id)) throw new ApiError(404, 10063, 'Unknown application command');
}
