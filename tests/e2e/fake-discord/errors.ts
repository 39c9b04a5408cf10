// Discord's error bodies: `{ message, code }`, plus for 50035 an `errors` tree whose leaves are
// `{ _errors: [{ code, message }] }` keyed by the field path (array indexes as keys).

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
    readonly errors?: Record<string, unknown>,
  ) {
    super(message);
  }

  body(): Record<string, unknown> {
    return this.errors ? { message: this.message, code: this.code, errors: this.errors } : { message: this.message, code: this.code };
  }
}

export const errors = {
  unauthorized: () => new ApiError(401, 0, '401: Unauthorized'),
  notFound: () => new ApiError(404, 0, '404: Not Found'),
  methodNotAllowed: () => new ApiError(405, 0, '405: Method Not Allowed'),
  badRequest: () => new ApiError(400, 0, '400: Bad Request'),
  invalidJson: () => new ApiError(400, 50109, 'The request body contains invalid JSON.'),
  unknownChannel: () => new ApiError(404, 10003, 'Unknown Channel'),
  unknownGuild: () => new ApiError(404, 10004, 'Unknown Guild'),
  unknownMember: () => new ApiError(404, 10007, 'Unknown Member'),
  unknownMessage: () => new ApiError(404, 10008, 'Unknown Message'),
  unknownRole: () => new ApiError(404, 10011, 'Unknown Role'),
  unknownUser: () => new ApiError(404, 10013, 'Unknown User'),
  unknownWebhook: () => new ApiError(404, 10015, 'Unknown Webhook'),
  unknownCommand: () => new ApiError(404, 10063, 'Unknown application command'),
  unknownInteraction: () => new ApiError(404, 10062, 'Unknown interaction'),
  notAuthorizedForApp: () => new ApiError(403, 20012, 'You are not authorized to perform this action on this application'),
  alreadyAcknowledged: () => new ApiError(400, 40060, 'Interaction has already been acknowledged.'),
  missingAccess: () => new ApiError(403, 50001, 'Missing Access'),
  cannotEditOthers: () => new ApiError(403, 50005, 'Cannot edit a message authored by another user'),
  emptyMessage: () => new ApiError(400, 50006, 'Cannot send an empty message'),
  nonTextChannel: () => new ApiError(400, 50008, 'Cannot send messages in a non-text channel'),
  missingPermissions: () => new ApiError(403, 50013, 'Missing Permissions'),
  invalidWebhookToken: () => new ApiError(401, 50027, 'Invalid Webhook Token'),
  // Threads, forums, crossposts and channel webhooks (codes from Discord's JSON error code table).
  unknownTag: () => new ApiError(400, 10087, 'Unknown Tag'),
  maxWebhooks: () => new ApiError(400, 30007, 'Maximum number of webhooks reached (15)'),
  alreadyCrossposted: () => new ApiError(400, 40033, 'This message has already been crossposted.'),
  cannotSendInForum: () => new ApiError(400, 40058, 'Cannot send a message in a forum channel'),
  tagRequired: () => new ApiError(400, 40067, 'A tag is required to create a forum post in this channel'),
  wrongChannelType: () => new ApiError(400, 50024, 'Cannot execute action on this channel type'),
  threadArchived: () => new ApiError(400, 50083, 'Thread is archived'),
  threadAlreadyCreated: () => new ApiError(400, 160004, 'A thread has already been created for this message'),
  threadLocked: () => new ApiError(400, 160005, 'Thread is locked'),
  forumWebhookNeedsThread: () => new ApiError(400, 220001, 'Webhooks posted to forum channels must have a thread_name or thread_id'),
  forumWebhookBothThread: () => new ApiError(400, 220002, 'Webhooks posted to forum channels cannot have both a thread_name and thread_id'),
  webhookThreadOutsideForum: () => new ApiError(400, 220003, 'Webhooks can only create threads in forum channels'),
};

/** The error a fault injection answers with: a known Discord message when the code is known. */
export function faultError(status: number, code: number | undefined): ApiError {
  const defaults: Record<number, number> = { 401: 0, 403: 50013, 404: 0 };
  const wanted = code ?? defaults[status];
  for (const make of Object.values(errors)) {
    const e = make();
    if (e.code === wanted && (wanted !== 0 || e.status === status)) return new ApiError(status, e.code, e.message);
  }
  const text: Record<number, string> = { 500: '500: Internal Server Error', 502: '502: Bad Gateway', 503: '503: Service Unavailable' };
  return new ApiError(status, wanted ?? 0, text[status] ?? `${status}: Error`);
}

export interface FieldError {
  code: string;
  message: string;
}

/** Collects field errors by path and renders Discord's nested `errors` object. */
export class FormErrors {
  private readonly list: Array<{ path: (string | number)[]; error: FieldError }> = [];

  add(path: (string | number)[], code: string, message: string): void {
    this.list.push({ path, error: { code, message } });
  }

  get empty(): boolean {
    return this.list.length === 0;
  }

  /** Paths joined with dots, e.g. `embeds.0.description` (for assertions and debugging). */
  paths(): string[] {
    return this.list.map((e) => e.path.join('.'));
  }

  tree(): Record<string, unknown> {
    const root: Record<string, unknown> = {};
    for (const { path, error } of this.list) {
      let node = root;
      for (const key of path) {
        const k = String(key);
        node[k] ??= {};
        node = node[k] as Record<string, unknown>;
      }
      const leaf = (node._errors ??= []) as FieldError[];
      leaf.push(error);
    }
    return root;
  }

  throwIfAny(): void {
    if (!this.empty) throw new ApiError(400, 50035, 'Invalid Form Body', this.tree());
  }
}

/** Discord counts lengths in Unicode code points. */
export const codePoints = (s: string): number => [...s].length;

export const lengthError = (max: number): [string, string] => ['BASE_TYPE_MAX_LENGTH', `Must be ${max} or fewer in length.`];
export const requiredError: [string, string] = ['BASE_TYPE_REQUIRED', 'This field is required'];
