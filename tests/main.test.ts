import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
let cwd: string;

beforeEach(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'news-start-'));
});
afterEach(async () => {
  await rm(cwd, { recursive: true, force: true });
});

/** Runs src/main.ts the way npm start does, in an empty folder (so no .env is read). */
function start(env: Record<string, string>): Promise<{ code: number; stderr: string }> {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(DISCORD_|GUILD_ID|ARTICLES_DIR|DATABASE_PATH)/.test(key)));
  return new Promise((done) => {
    execFile(process.execPath, ['--import', import.meta.resolve('tsx'), join(root, 'src/main.ts')], { cwd, env: { ...inherited, ...env } }, (error, _stdout, stderr) =>
      done({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stderr }),
    );
  });
}

describe('npm start', () => {
  it('without a token exits non-zero naming the missing variables and .env.example', async () => {
    const result = await start({});
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('DISCORD_TOKEN is missing');
    expect(result.stderr).toContain('DISCORD_APPLICATION_ID is missing');
    expect(result.stderr).toContain('.env.example');
  });

  it('with a corrupt database exits non-zero naming the path, and leaves the file alone', async () => {
    const path = join(cwd, 'bot.sqlite');
    const junk = Buffer.from('definitely not sqlite '.repeat(200));
    await writeFile(path, junk);
    const result = await start({ DISCORD_TOKEN: 'not-a-real-token', DISCORD_APPLICATION_ID: '123456789012345678', DATABASE_PATH: path, ARTICLES_DIR: cwd, DISCORD_API_BASE: 'http://127.0.0.1:9/api' });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(`Cannot use the database at ${path}: it is not a SQLite database or it is corrupt`);
    expect(result.stderr).not.toContain('not-a-real-token');
    expect(Buffer.compare(await readFile(path), junk)).toBe(0);
  });

  it('with ARTICLES_DIR set to a folder that does not exist, stops naming it and creates nothing', async () => {
    const missing = join(cwd, 'no', 'such', 'articles');
    const result = await start({ DISCORD_TOKEN: 'not-a-real-token', DISCORD_APPLICATION_ID: '123456789012345678', DATABASE_PATH: join(cwd, 'bot.sqlite'), ARTICLES_DIR: missing, DISCORD_API_BASE: 'http://127.0.0.1:9/api' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`The articles folder ${missing} (ARTICLES_DIR) does not exist`);
    await expect(readFile(join(cwd, 'no'))).rejects.toThrow();
  });
});
