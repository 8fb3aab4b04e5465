/**
 * Closing an HTTP/2 server as gently as an HTTP/1 one (issue 22). With HTTP/2 on, one TLS
 * listener speaks `h2` and, through ALPN, HTTP/1.1 beside it. Node's HTTP/2 server has no
 * `closeIdleConnections`, so on close the app does what that does for HTTP/1: an HTTP/1.1
 * connection with no request in flight is closed at once, one with a request in flight is closed
 * after its answer (which says `Connection: close`); every HTTP/2 session gets a GOAWAY and
 * closes once its open streams are answered. Without this, `close()` would wait for idle
 * keep-alive connections to time out.
 */
import type { Http2SecureServer, ServerHttp2Session } from 'node:http2';
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { FastifyInstance } from 'fastify';

export function closeConnectionsGently(app: FastifyInstance): void {
  const server = app.server as unknown as Http2SecureServer;
  /** HTTP/1.1 connections and how many requests each has in flight. */
  const http1 = new Map<Socket, number>();
  const sessions = new Set<ServerHttp2Session>();
  let closing = false;

  server.on('secureConnection', (socket: TLSSocket) => {
    if (socket.alpnProtocol === 'h2') return;
    http1.set(socket, 0);
    socket.once('close', () => http1.delete(socket));
  });
  server.on('session', (session: ServerHttp2Session) => {
    sessions.add(session);
    session.once('close', () => sessions.delete(session));
    if (closing) session.close();
  });

  const http1Socket = (raw: { httpVersionMajor: number; socket: Socket }) =>
    raw.httpVersionMajor === 1 && http1.has(raw.socket) ? raw.socket : undefined;
  app.addHook('onRequest', async (request) => {
    const socket = http1Socket(request.raw);
    if (socket !== undefined) http1.set(socket, (http1.get(socket) ?? 0) + 1);
  });
  app.addHook('onSend', async (request, reply) => {
    if (closing && http1Socket(request.raw) !== undefined) void reply.header('connection', 'close');
  });
  app.addHook('onResponse', async (request) => {
    const socket = http1Socket(request.raw);
    if (socket === undefined) return;
    const left = Math.max(0, (http1.get(socket) ?? 1) - 1);
    http1.set(socket, left);
    // Answered before the close began, so without `Connection: close`: end it once written.
    if (closing && left === 0) socket.destroySoon();
  });
  app.addHook('preClose', (done) => {
    closing = true;
    for (const [socket, inFlight] of http1) if (inFlight === 0) socket.destroy();
    for (const session of sessions) session.close();
    done();
  });
}
