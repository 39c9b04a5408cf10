// Entry point for `npm start`: configuration, then the app. Wiring only; the parts live in app.ts.
import { type App, createApp } from './app.js';
import { ConfigError, loadEnvFile, parseBotConfig } from './config.js';
import { createLogger } from './logger.js';
import { instanceId } from './ops/instance.js';

async function main(): Promise<void> {
  loadEnvFile();
  let config;
  try {
    config = parseBotConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  // Several processes may share a database: every line says which process, and which shards, wrote it.
  const managed = process.env.SHARDING_MANAGER === 'true';
  const shards = managed ? ([JSON.parse(process.env.SHARDS ?? '[]')].flat() as number[]).join(',') : (config.shards?.ids.join(',') ?? '0');
  const proc = instanceId();
  const logger = createLogger(config.logLevel, process.stderr, config.logFormat).child({ proc, shards });
  // Under `npm run start:sharded`, discord.js reads this process's shards from the manager itself.
  if (managed) delete config.shards;
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled promise rejection'));

  let stopping = false;
  const stop = (app: App, reason: string, code: number): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ reason }, 'shutting down');
    app.stop().then(
      () => process.exit(code),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  // A supervisor restarts the bot after a non-zero exit, ideally with a new token.
  const app: App = await createApp(config, { logger, owner: proc, onTokenRejected: () => stop(app, 'token rejected', 1) });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      // A second signal means "now": exit without waiting for the graceful stop.
      if (stopping) process.exit(1);
      stop(app, signal, 0);
    });
  }
  await app.start();
}

main().catch((error: unknown) => {
  process.stderr.write(`The bot could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
