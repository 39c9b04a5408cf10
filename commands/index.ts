// Every slash command and button handler the bot serves, in one list for the router and deploy-commands.
import type { ButtonHandler, Command } from '../src/discord/command.js';
import { config, configResetButtons } from './config.js';
import { feed, feedListButtons } from './feed.js';
import { helpCommand } from './help.js';
import { news } from './news.js';
import { readButtons } from './read-buttons.js';
import { schedule, scheduleListButtons } from './schedule.js';

export const commands: readonly Command[] = [news, config, schedule, feed, helpCommand(() => commands)];
export const buttons: readonly ButtonHandler[] = [readButtons, configResetButtons, scheduleListButtons, feedListButtons];
