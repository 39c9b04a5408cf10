// Turns a test's `{ command, subcommand, options }` into the option tree Discord would send,
// refusing anything Discord's client would not let a user submit (unregistered command or
// option, missing required option, wrong type, value outside choices/ranges/channel types).
import { apiChannel, apiMember, apiRole, apiUser } from './serialize.js';
import type { CommandRecord, FakeState } from './state.js';

type Obj = Record<string, unknown>;
export type OptionValue = string | number | boolean;

export interface InvocationTarget {
  guildId: string;
  channelId: string;
  userId: string;
  command: string;
  group?: string;
  subcommand?: string;
  options?: Record<string, OptionValue>;
}

export class InvocationError extends Error {
  constructor(message: string) {
    super(`fake-discord: ${message}`);
  }
}

export interface BuiltOptions {
  options: Obj[];
  resolved: Obj;
  /** Definition of the option marked focused (autocomplete only). */
  focusedDef: Obj | null;
}

function checkValue(state: FakeState, t: InvocationTarget, def: Obj, value: OptionValue, resolved: Obj): void {
  const name = `option "${String(def.name)}" of /${t.command}`;
  const type = def.type as number;
  const bucket = (key: string): Obj => ((resolved[key] ??= {}) as Obj);
  const fail = (why: string): never => {
    throw new InvocationError(`${name}: ${why}`);
  };
  if (type === 3 && typeof value !== 'string') fail(`expected a string, got ${typeof value}`);
  if (type === 4 && !Number.isSafeInteger(value)) fail(`expected an integer, got ${String(value)}`);
  if (type === 10 && (typeof value !== 'number' || !Number.isFinite(value))) fail(`expected a number, got ${String(value)}`);
  if (type === 5 && typeof value !== 'boolean') fail(`expected a boolean, got ${typeof value}`);
  if (type === 11) fail('attachment options are not modelled by fake-discord');
  if (Array.isArray(def.choices) && def.choices.length > 0 && !def.choices.some((c) => (c as Obj).value === value)) {
    fail(`${JSON.stringify(value)} is not one of the registered choices`);
  }
  if (typeof value === 'string' && type === 3) {
    const len = [...value].length;
    if (typeof def.min_length === 'number' && len < def.min_length) fail(`shorter than min_length ${def.min_length}`);
    if (typeof def.max_length === 'number' && len > def.max_length) fail(`longer than max_length ${def.max_length}`);
  }
  if (typeof value === 'number') {
    if (typeof def.min_value === 'number' && value < def.min_value) fail(`below min_value ${def.min_value}`);
    if (typeof def.max_value === 'number' && value > def.max_value) fail(`above max_value ${def.max_value}`);
  }
  const guild = state.guild(t.guildId);
  const asUser = (): boolean => {
    const member = guild?.members.get(String(value));
    const user = state.users.get(String(value));
    if (!user) return false;
    bucket('users')[user.id] = apiUser(user);
    if (member) {
      const { user: _u, ...rest } = apiMember(state, member);
      bucket('members')[user.id] = { ...rest, permissions: state.permissionsIn(t.channelId, user.id).toString() };
    }
    return true;
  };
  const asRole = (): boolean => {
    const role = guild?.roles.get(String(value));
    if (role) bucket('roles')[role.id] = apiRole(role);
    return role !== undefined;
  };
  if (type === 6 && !asUser()) fail(`unknown user ${String(value)}`);
  if (type === 8 && !asRole()) fail(`unknown role ${String(value)} in guild ${t.guildId}`);
  if (type === 9 && !asUser() && !asRole()) fail(`${String(value)} is neither a user nor a role`);
  if (type === 7) {
    const channel = state.channel(String(value));
    if (!channel || channel.guildId !== t.guildId) fail(`unknown channel ${String(value)} in guild ${t.guildId}`);
    else {
      if (Array.isArray(def.channel_types) && !def.channel_types.includes(channel.type)) fail(`channel type ${channel.type} not in channel_types`);
      const { permission_overwrites: _o, ...rest } = apiChannel(channel);
      bucket('channels')[channel.id] = { ...rest, permissions: state.permissionsIn(channel.id, t.userId).toString() };
    }
  }
}

/** Builds the interaction's `data.options` (+ `resolved`) from a registered definition. */
export function buildOptions(state: FakeState, cmd: CommandRecord, t: InvocationTarget, focused?: string): BuiltOptions {
  const top = (cmd.data.options ?? []) as Obj[];
  const hasSubs = top.some((o) => o.type === 1 || o.type === 2);
  let defs = top;
  const wrap: Array<{ name: string; type: number }> = [];
  if (t.group || t.subcommand) {
    if (!hasSubs) throw new InvocationError(`/${t.command} has no subcommands`);
    if (t.group) {
      const group = top.find((o) => o.type === 2 && o.name === t.group);
      if (!group) throw new InvocationError(`/${t.command} has no subcommand group "${t.group}"`);
      wrap.push({ name: t.group, type: 2 });
      defs = (group.options ?? []) as Obj[];
    }
    const sub = defs.find((o) => o.type === 1 && o.name === t.subcommand);
    if (!sub) throw new InvocationError(`/${t.command}${t.group ? ` ${t.group}` : ''} has no subcommand "${String(t.subcommand)}"`);
    wrap.push({ name: sub.name as string, type: 1 });
    defs = (sub.options ?? []) as Obj[];
  } else if (hasSubs) {
    throw new InvocationError(`/${t.command} needs a subcommand (${top.map((o) => String(o.name)).join(', ')})`);
  }
  const resolved: Obj = {};
  const given = t.options ?? {};
  let focusedDef: Obj | null = null;
  for (const key of Object.keys(given)) {
    if (!defs.some((d) => d.name === key)) throw new InvocationError(`/${t.command} has no option "${key}" (registered: ${defs.map((d) => String(d.name)).join(', ') || 'none'})`);
  }
  const values: Obj[] = [];
  for (const def of defs) {
    const value = given[def.name as string];
    if (value === undefined) {
      if (def.required === true && focused === undefined) throw new InvocationError(`/${t.command}: required option "${String(def.name)}" is missing`);
      continue;
    }
    if (def.name === focused) {
      if (def.autocomplete !== true) throw new InvocationError(`option "${focused}" of /${t.command} does not have autocomplete enabled`);
      focusedDef = def;
      // While typing, Discord sends the raw text the user has entered, whatever the option type.
      values.push({ name: def.name, type: def.type, value: String(value), focused: true });
      continue;
    }
    checkValue(state, t, def, value, resolved);
    values.push({ name: def.name, type: def.type, value });
  }
  if (focused !== undefined && !focusedDef) throw new InvocationError(`focused option "${focused}" needs a value (use '' for an empty box)`);
  let options = values;
  for (const w of wrap.reverse()) options = [{ ...w, options }];
  return { options, resolved, focusedDef };
}
