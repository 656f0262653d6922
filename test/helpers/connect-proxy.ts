import http from 'node:http';
import net, { type AddressInfo } from 'node:net';

/** A real forward proxy on 127.0.0.1 that tunnels with `CONNECT` and keeps a copy of everything. */
export interface ConnectProxy {
  /** `http://127.0.0.1:PORT`, for `new ProxyAgent(url)` or `httpsProxy`. */
  url: string;
  /** Every `CONNECT` target asked for, in order, as `host:port`, refused ones included. */
  connects: string[];
  /**
   * Every byte the proxy received or relayed, in both directions: the `CONNECT` heads, and each
   * chunk passed from client to target and from target to client.
   */
  relayed(): Buffer;
  /** Destroys every tunnel and stops listening. */
  close(): Promise<void>;
}

// Tests never reach the internet: the proxy only opens tunnels to loopback.
const loopbackHosts = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Starts a `CONNECT` proxy built on node:http (the request) and node:net (the tunnel), like a
 * corporate egress proxy. It answers anything but `CONNECT` with 405, and a `CONNECT` to a host
 * other than loopback with 403.
 *
 * @returns The running proxy.
 */
export async function startConnectProxy(): Promise<ConnectProxy> {
  const connects: string[] = [];
  const chunks: Buffer[] = [];
  const sockets = new Set<net.Socket>();
  const track = (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    // A tunnel torn down by the other side is not a test failure.
    socket.on('error', () => socket.destroy());
  };

  const server = http.createServer((request, response) => {
    chunks.push(Buffer.from(`${request.method} ${request.url} HTTP/${request.httpVersion}\r\n`));
    response.writeHead(405, { allow: 'CONNECT' }).end();
  });
  server.on('connect', (request: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    track(client);
    const target = request.url ?? '';
    connects.push(target);
    chunks.push(Buffer.from(`CONNECT ${target} HTTP/${request.httpVersion}\r\n`));
    for (let i = 0; i < request.rawHeaders.length; i += 2) {
      chunks.push(Buffer.from(`${request.rawHeaders[i]}: ${request.rawHeaders[i + 1]}\r\n`));
    }
    const { hostname, port } = new URL(`http://${target}`);
    if (!loopbackHosts.has(hostname)) {
      client.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    const upstream = net.connect(Number(port || 80), hostname === '[::1]' ? '::1' : hostname);
    track(upstream);
    upstream.on('connect', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) {
        chunks.push(Buffer.from(head));
        upstream.write(head);
      }
      relay(client, upstream);
      relay(upstream, client);
    });
    upstream.on('error', () => client.destroy());
  });
  // Every chunk is copied before it is passed on, so the record is complete once the client has
  // read the answer.
  const relay = (from: net.Socket, to: net.Socket) => {
    from.on('data', (chunk: Buffer) => {
      chunks.push(Buffer.from(chunk));
      to.write(chunk);
    });
    from.on('end', () => to.end());
  };

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    connects,
    relayed: () => Buffer.concat(chunks),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
