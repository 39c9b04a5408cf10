import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));

describe('npm start', () => {
  it('without a token exits non-zero naming the missing variables and .env.example', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'news-start-'));
    const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('DISCORD_')));
    try {
      const result = await new Promise<{ code: number | null; stderr: string; stdout: string }>((done) => {
        execFile(process.execPath, ['--import', import.meta.resolve('tsx'), join(root, 'src/main.ts')], { cwd, env }, (error, stdout, stderr) =>
          done({ code: error ? (error as { code?: number }).code ?? 1 : 0, stdout, stderr }),
        );
      });
      expect(result.code).not.toBe(0);
      expect(result.stderr).toContain('DISCORD_TOKEN is missing');
      expect(result.stderr).toContain('DISCORD_APPLICATION_ID is missing');
      expect(result.stderr).toContain('.env.example');
    } finally {
      await rm(cwd, { recursive: true, force: true });
    }
  });
});
