/** Reading answers for interactive commands, and secrets from standard input when piped. */
import { createInterface } from 'node:readline/promises';
import { Writable } from 'node:stream';
import type { CliContext } from './cli-context.js';

/** Reads the first line of a piped standard input. */
export async function readFirstLine(context: CliContext): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of context.stdin) {
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
    if (chunks.some((c) => c.includes(0x0a))) break;
  }
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
}

/** Asks a question on the terminal; with `secret` the answer is not echoed. */
export async function ask(context: CliContext, question: string, secret = false): Promise<string> {
  let muted = false;
  const output = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      if (!muted) context.stdout.write(chunk);
      callback();
    },
  });
  const rl = createInterface({ input: context.stdin, output, terminal: true });
  try {
    const pending = rl.question(question);
    muted = secret;
    const answer = await pending;
    if (secret) context.stdout.write('\n');
    return answer.trim();
  } finally {
    rl.close();
  }
}
