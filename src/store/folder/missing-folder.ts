// A configured articles folder that does not exist stops start-up with its name: a typo in
// ARTICLES_DIR must not run a bot with no articles, or create a folder somewhere unexpected. Only the
// default ./articles is created when missing (by the folder sync).
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';

export class MissingFolderError extends Error {
  constructor(dir: string) {
    super(`The articles folder ${resolve(dir)} (ARTICLES_DIR) does not exist. Create it, or point ARTICLES_DIR at your articles.`);
    this.name = 'MissingFolderError';
  }
}

/** Throws MissingFolderError when `dir` was configured and is not there. */
export async function requireConfiguredFolder(dir: string, configured: boolean | undefined): Promise<void> {
  if (!configured) return;
  const found = await stat(dir).then((info) => info.isDirectory(), () => false);
  if (!found) throw new MissingFolderError(dir);
}
