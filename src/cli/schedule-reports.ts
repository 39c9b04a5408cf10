// The CLI's schedule commands (`schedules`, `history`, `why`): the same messages /schedule list,
// history and why send, read from the bot's database, for every server at once or one of them.
import type { MessagePayload } from '../core/payload.js';
import type { Clock } from '../deps.js';
import { UserError } from '../errors.js';
import { explainArticle } from '../scheduler/explain.js';
import type { Schedule } from '../scheduler/types.js';
import { paginateFields } from '../services/paging.js';
import { scheduleListMessage } from '../services/schedule-list.js';
import { attemptTitles, buildHistoryMessage, buildWhyMessage, HISTORY_LENGTH } from '../services/schedule-reports.js';
import type { AppStores } from '../store/open-stores.js';
import { renderText } from './render-text.js';

export interface CliReport {
  payloads: MessagePayload[];
  text: string;
}

export class ScheduleReportsCli {
  private readonly schedules;
  private readonly settings;
  private readonly deps;

  constructor(stores: AppStores, private readonly clock: Clock) {
    this.schedules = stores.schedules;
    this.settings = stores.settings;
    this.deps = { catalog: stores.catalog, deliveries: stores.deliveries, log: stores.log, publishes: stores.publishes };
  }

  async run(command: string, args: string[], guildId: string | undefined): Promise<CliReport> {
    if (command === 'schedules') return this.list(guildId);
    const schedule = await this.find(args[0], command);
    const { color } = await this.settings.get(schedule.guildId);
    if (command === 'history') {
      const attempts = await this.deps.log.recent(schedule.id, HISTORY_LENGTH);
      return report([buildHistoryMessage(schedule, attempts, await attemptTitles(attempts, this.deps.catalog, schedule.guildId), color)]);
    }
    const articleId = args[1]?.trim();
    if (!articleId) throw new UserError('why needs a schedule id and an article id: npm run news -- why <schedule-id> <article-id>');
    const explanation = await explainArticle(schedule, articleId, this.deps, this.clock.now());
    const article = await this.deps.catalog.get(articleId, { guildId: schedule.guildId });
    return report([buildWhyMessage(schedule, article ?? { id: articleId.slice(0, 100) }, explanation, color)]);
  }

  private async find(id: string | undefined, command: string): Promise<Schedule> {
    if (!id) throw new UserError(`${command} needs a schedule id. Run "npm run news -- schedules" to see them.`);
    const schedule = await this.schedules.find(id.trim().toLowerCase());
    if (!schedule) throw new UserError(`No schedule "${id.slice(0, 20)}". Run "npm run news -- schedules" to see them.`);
    return schedule;
  }

  /** Every page of every server's list (or one server's), headed by the server id in text form. */
  private async list(guildId: string | undefined): Promise<CliReport> {
    const all = guildId ? await this.schedules.listByGuild(guildId) : await this.schedules.listAll();
    const byGuild = new Map<string, Schedule[]>();
    for (const schedule of all) byGuild.set(schedule.guildId, [...(byGuild.get(schedule.guildId) ?? []), schedule]);
    if (byGuild.size === 0) return { payloads: [], text: guildId ? `No schedules in server ${guildId}.` : 'No schedules.' };
    const payloads: MessagePayload[] = [];
    const text: string[] = [];
    for (const [guild, schedules] of byGuild) {
      const { color } = await this.settings.get(guild);
      const first = await scheduleListMessage(schedules, this.deps, this.clock.now(), color);
      const pages = paginateFields(first.embeds[0]?.fields ?? []).length;
      text.push(`Server ${guild}`);
      for (let page = 0; page < Math.max(1, pages); page++) {
        const payload = page === 0 ? first : await scheduleListMessage(schedules, this.deps, this.clock.now(), color, page);
        payloads.push(payload);
        text.push(renderText(payload));
      }
    }
    return { payloads, text: text.join('\n\n') };
  }
}

function report(payloads: MessagePayload[]): CliReport {
  return { payloads, text: payloads.map((payload) => renderText(payload)).join('\n\n') };
}
