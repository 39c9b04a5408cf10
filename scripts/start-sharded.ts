// `npm run start:sharded`: every gateway shard on this host, each in its own bot process, through
// discord.js's ShardingManager. SHARD_COUNT sets the total (else Discord's recommendation from
// GET /gateway/bot), SHARD_IDS the ones this host runs (else all). With HEALTH_PORT, this parent
// serves /healthz (every shard process healthy) and /metrics (all of them together); the shard
// processes themselves do not listen.
import { fileURLToPath } from 'node:url';
import { Routes, ShardingManager } from 'discord.js';
import { AggregatorRegistry } from 'prom-client';
import { ConfigError, loadEnvFile, parseBotConfig } from '../src/config.js';
import { createRest } from '../src/discord/deploy.js';
import { createLogger } from '../src/logger.js';
import { type HealthProbe, startHealthServer } from '../src/ops/health.js';

loadEnvFile();
let config;
try {
  config = parseBotConfig(process.env);
} catch (error) {
  process.stderr.write(`${error instanceof ConfigError ? error.message : String(error)}\n`);
  process.exit(1);
}
const logger = createLogger(config.logLevel, process.stderr, config.logFormat).child({ proc: 'shard-manager' });

const rest = createRest(config);
const gateway = (await rest.get(Routes.gatewayBot())) as { shards: number; session_start_limit: { max_concurrency: number } };
const total = config.shards?.count ?? gateway.shards;
const ids = config.shards?.ids ?? Array.from({ length: total }, (_, i) => i);
// Discord lets max_concurrency shards identify at once; more would only wait.
const delay = ids.length <= gateway.session_start_limit.max_concurrency ? 0 : 5500;

const healthPort = config.healthPort;
delete process.env.HEALTH_PORT;
const manager = new ShardingManager(fileURLToPath(new URL('../src/main.ts', import.meta.url)), {
  token: config.token,
  totalShards: total,
  shardList: ids,
  mode: 'process',
  execArgv: ['--import', import.meta.resolve('tsx')],
  respawn: true,
});
manager.on('shardCreate', (shard) => logger.info({ shard: shard.id, of: total }, 'starting shard'));

type ShardClient = { newsBot: HealthProbe };
if (healthPort !== undefined) {
  const ask = <T>(script: (client: ShardClient) => Promise<T>) => manager.broadcastEval(script as never) as Promise<T[]>;
  await startHealthServer(healthPort, {
    checks: async () => {
      const problems: Record<string, string> = {};
      for (const shard of manager.shards.values()) if (!shard.ready) problems[`shard ${shard.id}`] = 'not ready';
      if (Object.keys(problems).length) return problems;
      const reports = await ask((client) => client.newsBot.health());
      reports.forEach((report, index) => Object.entries(report).forEach(([part, problem]) => (problems[`shard ${ids[index]} ${part}`] = problem)));
      return problems;
    },
    metrics: async () => AggregatorRegistry.aggregate((await ask((client) => client.newsBot.metricsJson())) as never).metrics(),
  });
  logger.info({ port: healthPort }, 'serving /healthz and /metrics for every shard');
}

let stopping = false;
const stop = (signal: string): void => {
  if (stopping) process.exit(1);
  stopping = true;
  manager.respawn = false;
  logger.info({ signal }, 'stopping every shard');
  const exits = [...manager.shards.values()].map((shard) => new Promise<void>((resolve) => {
    if (!shard.process || shard.process.exitCode !== null) return resolve();
    shard.process.once('exit', () => resolve());
    shard.process.kill('SIGTERM');
  }));
  void Promise.all(exits).then(() => process.exit(0));
};
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));

await manager.spawn({ amount: total, delay, timeout: 60_000 });
logger.info({ shards: ids, of: total }, 'every shard is ready');
