/**
 * The SMS sender against a real HTTP gateway started in-process: what the gateway receives, that
 * failures come back as a clear error without the number or text, and what the configuration
 * refuses.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildConfig } from '../../src/config/config.js';
import { httpSmsSender, smsSenderFromConfig } from '../../src/modules/notify/sms-sender.js';

interface Received {
  url: string;
  headers: IncomingMessage['headers'];
  body: unknown;
}

describe('SMS sender over an HTTP gateway', () => {
  const received: Received[] = [];
  let status = 200;
  let server: Server;
  let url = '';
  beforeAll(async () => {
    server = createServer((req, res) => {
      let raw = '';
      req.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
      req.on('end', () => {
        received.push({ url: req.url ?? '', headers: req.headers, body: JSON.parse(raw) as unknown });
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ id: `msg-${received.length}` }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/messages`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  // Each test meets a gateway that has received nothing and answers 200.
  beforeEach(() => {
    received.length = 0;
    status = 200;
  });

  it('posts the number, text, sender id and DLT template in the body, with the bearer token', async () => {
    const sender = httpSmsSender({ url, token: 'gw-token', senderId: 'SHARMA', allowHttp: true });
    const receipt = await sender.send({
      to: '+919812345678',
      text: 'Your Tijori code is 482913',
      dltTemplateId: '1107161234567890123',
    });
    expect(receipt.providerRef).toBe('msg-1');
    const last = received.at(-1);
    expect(last?.url).toBe('/v1/messages');
    expect(last?.headers.authorization).toBe('Bearer gw-token');
    expect(last?.body).toEqual({
      to: '+919812345678',
      text: 'Your Tijori code is 482913',
      sender: 'SHARMA',
      dltTemplateId: '1107161234567890123',
    });
  });

  it('a refusing gateway gives a clear error that holds neither the number nor the text', async () => {
    status = 503;
    const sender = httpSmsSender({ url, token: 't', senderId: 'SHARMA', allowHttp: true });
    const error = await sender.send({ to: '+919812345678', text: 'secret text 99' }).catch((e: unknown) => e);
    status = 200;
    expect(error).toMatchObject({ code: 'unavailable' });
    expect(String((error as Error).message)).not.toMatch(/9812345678|secret text/);
    expect((error as Error).message).toContain('503');
  });

  it('refuses a number that is not E.164 before sending anything', async () => {
    const before = received.length;
    const sender = httpSmsSender({ url, token: 't', senderId: 'SHARMA', allowHttp: true });
    await expect(sender.send({ to: '98123 45678', text: 'x' })).rejects.toMatchObject({ field: 'to' });
    expect(received.length).toBe(before);
  });

  it('an unreachable gateway is a clear error too', async () => {
    const sender = httpSmsSender({
      url: 'http://127.0.0.1:1/v1',
      token: 't',
      senderId: 'SHARMA',
      allowHttp: true,
    });
    await expect(sender.send({ to: '+919812345678', text: 'x' })).rejects.toMatchObject({
      code: 'unavailable',
    });
  });

  it('configuration: off when unset, https required, a token required', () => {
    expect(smsSenderFromConfig(buildConfig({ dataDir: '/x' })).configured).toBe(false);
    expect(() =>
      smsSenderFromConfig(
        buildConfig({ dataDir: '/x', smsGatewayUrl: 'http://sms.example.in/v1', smsGatewayToken: 't' }),
      ),
    ).toThrow(/https/);
    expect(() =>
      smsSenderFromConfig(buildConfig({ dataDir: '/x', smsGatewayUrl: 'https://sms.example.in/v1' })),
    ).toThrow(/TIJORI_SMS_GATEWAY_TOKEN/);
    expect(
      smsSenderFromConfig(
        buildConfig({ dataDir: '/x', smsGatewayUrl: 'https://sms.example.in/v1', smsGatewayToken: 't' }),
      ).configured,
    ).toBe(true);
  });
});
