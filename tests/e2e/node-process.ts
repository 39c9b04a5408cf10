// Child processes for the end-to-end tests: `node --import tsx <script>` the way the npm scripts run,
// with their output collected and waited on, and killed after a test that left one running.
import { type ChildProcess, spawn } from 'node:child_process';
import { EventEmitter, once } from 'node:events';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));

/** A `node --import tsx <script>` child process with its output collected. */
export class NodeProcess {
  stdout = '';
  stderr = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private readonly output = new EventEmitter().setMaxListeners(0);
  /** Exited and its output fully read. */
  private closed = false;

  constructor(readonly child: ChildProcess) {
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      this.stdout += chunk;
      this.output.emit('data');
    });
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      this.stderr += chunk;
      this.output.emit('data');
    });
    this.exited = new Promise((resolve) => child.once('close', (code, signal) => resolve({ code, signal })));
    void this.exited.then(() => {
      this.closed = true;
      this.output.emit('data');
    });
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Resolves when stdout or stderr matches; rejects if the process ends first or after `timeoutMs`. */
  async waitForOutput(pattern: RegExp, timeoutMs = 15_000): Promise<void> {
    const abort = AbortSignal.timeout(timeoutMs);
    while (!pattern.test(this.stdout) && !pattern.test(this.stderr)) {
      if (this.closed) throw new Error(`process exited before printing ${String(pattern)}; stderr:\n${this.stderr}`);
      await once(this.output, 'data', { signal: abort }).catch(() => {
        throw new Error(`no ${String(pattern)} within ${timeoutMs} ms; stderr:\n${this.stderr}`);
      });
    }
  }
}

const children = new Set<NodeProcess>();

/** Starts `node --import tsx <script>` (a path relative to the repository) the way npm scripts run it. */
export function startNode(script: string, env: Record<string, string>, cwd: string, input?: string): NodeProcess {
  const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), join(ROOT, script)], { cwd, env, stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
  if (input !== undefined) child.stdin?.end(input);
  const proc = new NodeProcess(child);
  children.add(proc);
  void proc.exited.then(() => children.delete(proc));
  return proc;
}

/**
 * Starts a script with its stdin left open, for tests that type into a prompt as a person would
 * (write lines to `child.stdin`, wait for output, then end stdin or type quit).
 */
export function startInteractive(script: string, env: Record<string, string>, cwd: string, args: string[] = []): NodeProcess {
  const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), join(ROOT, script), ...args], { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
  const proc = new NodeProcess(child);
  children.add(proc);
  void proc.exited.then(() => children.delete(proc));
  return proc;
}

/** For afterEach: kills any child process a failed test left running. */
export async function killChildren(): Promise<void> {
  await Promise.all([...children].map(async (proc) => {
    if (proc.running) proc.child.kill('SIGKILL');
    await proc.exited;
  }));
}
