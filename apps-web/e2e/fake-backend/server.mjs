// A stand-in for the Jobtrail backend, for working on the console and testing the e2e checks
// without the Java application: the real GraphQL schema over HTTP and graphql-transport-ws at
// /graphql, the NDJSON export, and the built console (dist/) at /.
//   node e2e/fake-backend/server.mjs [port]   (FAKE_TOKEN, default dev-token)
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSchema, graphql } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import * as engine from './engine.mjs';
import { eventView, mutation, query, subscription } from './resolvers.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const schemaDir = join(here, '../../../adapters-graphql/src/main/resources/graphql');
const distDir = join(here, '../../dist');
const schema = buildSchema(
  readdirSync(schemaDir)
    .filter((f) => f.endsWith('.graphqls'))
    .map((f) => readFileSync(join(schemaDir, f), 'utf8'))
    .join('\n'),
);
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };

/** down: the API answers 503 and refuses WebSockets, as a backend that is not up yet. */
export function startFakeBackend({
  port = 0,
  token = process.env.FAKE_TOKEN || 'dev-token',
  down = false,
} = {}) {
  const userFor = (authorization) => (authorization === `Bearer ${token}` ? 'e2e-operator' : null);
  const unauthenticated = {
    errors: [{ message: 'Unauthenticated', extensions: { code: 'UNAUTHENTICATED' } }],
  };

  const http = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://localhost');
    const userId = userFor(req.headers.authorization);
    if (down && (url.pathname === '/graphql' || url.pathname.startsWith('/api/'))) {
      return send(res, 503, 'text/plain', 'Service unavailable');
    }
    if (url.pathname === '/graphql' && req.method === 'POST') {
      const body = JSON.parse(await readBody(req));
      const result = userId
        ? await graphql({
            schema,
            source: body.query,
            variableValues: body.variables,
            operationName: body.operationName,
            rootValue: { ...query, ...mutation },
            contextValue: { userId },
          })
        : unauthenticated;
      return send(res, 200, 'application/json', JSON.stringify(result));
    }
    const ndjson = /^\/api\/orchestrator\/jobs\/([^/]+)\/events\.ndjson$/.exec(url.pathname);
    if (ndjson) {
      if (!userId) return send(res, 401, 'text/plain', 'Unauthenticated');
      const lines = engine.eventsOf(ndjson[1]).map((e) => JSON.stringify(eventView(e)) + '\n');
      return send(res, 200, 'application/x-ndjson', lines.join(''));
    }
    const file = normalize(join(distDir, url.pathname === '/' ? 'index.html' : url.pathname));
    try {
      if (!file.startsWith(distDir)) throw new Error('outside dist');
      send(res, 200, TYPES[extname(file)] ?? 'application/octet-stream', readFileSync(file));
    } catch {
      send(res, 404, 'text/plain', 'Not found');
    }
  });

  const ws = new WebSocketServer({
    server: http,
    path: '/graphql',
    verifyClient: (_info, accept) => (down ? accept(false, 503) : accept(true)),
  });
  useServer(
    {
      schema,
      roots: { query, mutation, subscription },
      onConnect: (ctx) => Boolean(userFor(ctx.connectionParams?.Authorization)),
      context: (ctx) => ({ userId: userFor(ctx.connectionParams?.Authorization) }),
    },
    ws,
  );

  return new Promise((resolve) => {
    http.listen(port, '127.0.0.1', () => {
      resolve({
        url: `http://127.0.0.1:${http.address().port}`,
        token,
        /** Cuts every WebSocket, as a restarted server or a dropped network would. */
        dropConnections: () => ws.clients.forEach((client) => client.terminate()),
        close: () =>
          new Promise((done) => {
            for (const client of ws.clients) client.terminate();
            ws.close();
            http.closeAllConnections();
            http.close(done);
          }),
      });
    });
  });
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res, status, type, body) {
  res.writeHead(status, { 'content-type': type });
  res.end(body);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const server = await startFakeBackend({ port: Number(process.argv[2] || 8080) });
  console.log(`fake Jobtrail backend at ${server.url}/?token=${server.token}`);
}
