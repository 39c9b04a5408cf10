// Validation of thread bodies (names, archive durations, applied tags) and the forum tag rules
// (tags must exist, at most 5, moderated ones need MANAGE_THREADS, REQUIRE_TAG needs one), with
// field errors merged into one 50035 tree the way Discord reports a whole body at once.
import { ApiError, codePoints, errors, FormErrors } from './errors.js';
import { has, P } from './permissions.js';
import type { Channel } from './state.js';
import { AUTO_ARCHIVE_DURATIONS, CHANNEL_FLAG } from './thread-state.js';

type Obj = Record<string, unknown>;
const SNOWFLAKE = /^\d{17,20}$/;

export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A 1–100 character name (`required` for thread creation; optional on updates). */
export function checkName(fe: FormErrors, body: Obj, key: string, opts: { required: boolean; min?: number }): string | undefined {
  const v = body[key];
  if (v === undefined || v === null) {
    if (opts.required) fe.add([key], 'BASE_TYPE_REQUIRED', 'This field is required');
    return undefined;
  }
  const min = opts.min ?? 1;
  if (typeof v !== 'string') fe.add([key], 'BASE_TYPE_STRING', 'Must be a string.');
  else if (codePoints(v) < min || codePoints(v) > 100) fe.add([key], 'BASE_TYPE_BAD_LENGTH', `Must be between ${min} and 100 in length.`);
  else return v;
  return undefined;
}

export function checkAutoArchive(fe: FormErrors, body: Obj): number | undefined {
  const v = body.auto_archive_duration;
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'number' && AUTO_ARCHIVE_DURATIONS.includes(v)) return v;
  fe.add(['auto_archive_duration'], 'BASE_TYPE_CHOICES', `Value must be one of {${AUTO_ARCHIVE_DURATIONS.join(', ')}}.`);
  return undefined;
}

export function checkRateLimitPerUser(fe: FormErrors, body: Obj): void {
  const v = body.rate_limit_per_user;
  if (v === undefined || v === null) return;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 21600) {
    fe.add(['rate_limit_per_user'], 'NUMBER_TYPE_MAX', 'int value should be between 0 and 21600.');
  }
}

/** The shape of applied_tags (an array of at most 5 snowflakes); duplicates collapse as on Discord. */
export function checkAppliedTags(fe: FormErrors, body: Obj): string[] | undefined {
  const v = body.applied_tags;
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v)) {
    fe.add(['applied_tags'], 'BASE_TYPE_ARRAY', 'This field must be an array.');
    return undefined;
  }
  if (v.length > 5) fe.add(['applied_tags'], 'BASE_TYPE_MAX_LENGTH', 'Must be 5 or fewer in length.');
  v.forEach((id: unknown, i) => {
    if (typeof id !== 'string' || !SNOWFLAKE.test(id)) fe.add(['applied_tags', i], 'NUMBER_TYPE_COERCE', `Value "${String(id)}" is not snowflake.`);
  });
  return [...new Set(v.filter((id): id is string => typeof id === 'string'))];
}

/**
 * The forum's rules for the tags of a new post: each must be one of the channel's tags (10087),
 * moderated ones need MANAGE_THREADS (50013), and a REQUIRE_TAG channel needs at least one (40067).
 */
export function resolvePostTags(forum: Channel, tags: string[], perms: bigint): string[] {
  const available = forum.availableTags ?? [];
  for (const id of tags) {
    const tag = available.find((t) => t.id === id);
    if (!tag) throw errors.unknownTag();
    if (tag.moderated && !has(perms, P.ManageThreads)) throw errors.missingPermissions();
  }
  if (tags.length === 0 && ((forum.flags ?? 0) & CHANNEL_FLAG.RequireTag) !== 0) throw errors.tagRequired();
  return tags;
}

function mergeTrees(a: Obj, b: Obj): Obj {
  const out: Obj = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const prev = out[k];
    if (k === '_errors' && Array.isArray(prev) && Array.isArray(v)) out[k] = [...prev, ...v];
    else out[k] = isObj(prev) && isObj(v) ? mergeTrees(prev, v) : v;
  }
  return out;
}

/**
 * Runs a nested validation (such as validateMessage under `message`) and throws one 50035 holding
 * its field errors and those already in `fe`, or returns its result when everything is valid.
 */
export function validateTogether<T>(fe: FormErrors, nested: () => T): T {
  let result: T | undefined;
  let nestedTree: Obj = {};
  try {
    result = nested();
  } catch (error) {
    if (!(error instanceof ApiError) || error.code !== 50035 || !error.errors) throw error;
    nestedTree = error.errors;
  }
  if (fe.empty && result !== undefined) return result;
  throw new ApiError(400, 50035, 'Invalid Form Body', mergeTrees(fe.tree(), nestedTree));
}
