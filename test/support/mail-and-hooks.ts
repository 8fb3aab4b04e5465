/**
 * Real receivers for notification tests: an SMTP server (smtp-server, STARTTLS with its built-in
 * certificate, password authentication) that keeps every message, and an HTTP endpoint that keeps
 * every webhook request and answers with the statuses it is told to.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  from: string;
  to: string[];
  /** The raw message (headers and body), quoted-printable decoded, lines ending in LF. */
  text: string;
}

export interface SmtpReceiver {
  port: number;
  messages: ReceivedMail[];
  /** While set, every recipient is refused with this SMTP reply code (for example 550). */
  rejectWith: number | null;
  close(): Promise<void>;
}

export const SMTP_USER = 'tijori-alerts';
export const SMTP_PASSWORD = 'smtp password for tests';

/** Quoted-printable soft breaks removed and escapes turned back into UTF-8 text; CRLF as LF. */
const decodeQuotedPrintable = (raw: Buffer): string => {
  const text = raw.toString('latin1').replace(/=\r?\n/g, '');
  const bytes = text.replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return Buffer.from(bytes, 'latin1').toString('utf8').replace(/\r\n/g, '\n');
};

export async function startSmtpReceiver(options: { rejectWith?: number } = {}): Promise<SmtpReceiver> {
  const messages: ReceivedMail[] = [];
  const state = { rejectWith: options.rejectWith ?? null };
  const server = new SMTPServer({
    onRcptTo(_address, _session, callback) {
      if (state.rejectWith === null) return callback();
      const refusal = Object.assign(new Error('mailbox unavailable'), { responseCode: state.rejectWith });
      return callback(refusal);
    },
    authMethods: ['PLAIN', 'LOGIN'],
    onAuth(auth, _session, callback) {
      if (auth.username === SMTP_USER && auth.password === SMTP_PASSWORD)
        callback(null, { user: auth.username });
      else callback(new Error('invalid credentials'));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        messages.push({
          from: session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address,
          to: session.envelope.rcptTo.map((r) => r.address),
          text: decodeQuotedPrintable(Buffer.concat(chunks)),
        });
        callback();
      });
    },
    logger: false,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    messages,
    get rejectWith() {
      return state.rejectWith;
    },
    set rejectWith(code: number | null) {
      state.rejectWith = code;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export interface HookRequest {
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface HookReceiver {
  url: string;
  requests: HookRequest[];
  /** Statuses to answer with, in order; 200 once they run out. */
  statuses: number[];
  close(): Promise<void>;
}

export async function startHookReceiver(): Promise<HookReceiver> {
  const requests: HookRequest[] = [];
  const statuses: number[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.statusCode = statuses.shift() ?? 200;
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/tijori-alerts`,
    requests,
    statuses,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export interface SmsGateway {
  url: string;
  /** Every message the gateway received (the JSON body). */
  messages: Array<{ to: string; text: string; sender: string; dltTemplateId?: string }>;
  close(): Promise<void>;
}

/** A real HTTP SMS gateway (the JSON POST that `httpSmsSender` speaks) that keeps every message. */
export async function startSmsGateway(): Promise<SmsGateway> {
  const messages: SmsGateway['messages'] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      messages.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as SmsGateway['messages'][number]);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: `sms-${messages.length}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/v1/messages`,
    messages,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
