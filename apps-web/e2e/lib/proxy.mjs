// A TCP proxy in front of the real server, for faults a browser test needs: drop every open
// connection (a dropped WebSocket) or refuse new ones for a while (the backend is away).
import net from 'node:net';

export async function startProxy(targetUrl) {
  const target = new URL(targetUrl);
  const sockets = new Set();
  let refusing = false;
  const server = net.createServer((client) => {
    if (refusing) {
      client.destroy();
      return;
    }
    const upstream = net.connect(Number(target.port), target.hostname);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => s.destroy());
    }
    client.pipe(upstream);
    upstream.pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    /** Cuts every open connection, as a network failure would. */
    drop() {
      for (const s of sockets) s.destroy();
    },
    /** Refuses connections for `ms`, cutting the open ones first. */
    async outage(ms) {
      refusing = true;
      this.drop();
      await new Promise((r) => setTimeout(r, ms));
      refusing = false;
    },
    close() {
      this.drop();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}
