// The terminal prompt: reads lines, and lets anything else (scheduled posts, warnings) print above it
// at any time without garbling what is being typed: the line is cleared, the text printed, and the
// prompt redrawn with the typed text intact.
import { clearLine, createInterface, cursorTo, type Interface } from 'node:readline';

export interface Prompt {
  /** Prints whole lines above the prompt. */
  print(text: string): void;
  /** Shows the prompt and waits for input. */
  ready(): void;
  lines(): AsyncIterable<string>;
  close(): void;
}

export function createPrompt(input: NodeJS.ReadableStream & { isTTY?: boolean }, output: NodeJS.WritableStream): Prompt {
  const terminal = input.isTTY === true;
  const rl: Interface = createInterface({ input, output, prompt: '> ', terminal });
  // Created now, so lines that arrive while the sandbox is still starting are kept, not dropped.
  const incoming = rl[Symbol.asyncIterator]();
  let waiting = false;
  rl.on('SIGINT', () => rl.close());
  return {
    print(text) {
      if (terminal && waiting) {
        clearLine(output, 0);
        cursorTo(output, 0);
      }
      output.write(`${text}\n`);
      if (terminal && waiting) rl.prompt(true);
    },
    ready() {
      waiting = true;
      rl.prompt();
    },
    async *lines() {
      for (let next = await incoming.next(); !next.done; next = await incoming.next()) {
        waiting = false;
        yield next.value;
      }
    },
    close() {
      waiting = false;
      rl.close();
    },
  };
}
