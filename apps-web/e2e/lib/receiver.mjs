// A webhook receiver on 127.0.0.1 for the alert checks: records every request and checks its
// signature (X-Jobtrail-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">, docs/alerts.md).
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';

export async function startReceiver(secret) {
  const received = [];
  const server = createServer((request, response) => {
    const chunks = [];
    request.on('data', (c) => chunks.push(c));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const timestamp = request.headers['x-jobtrail-timestamp'] ?? '';
      const expected = `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
      const given = String(request.headers['x-jobtrail-signature'] ?? '');
      const signed =
        given.length === expected.length &&
        timingSafeEqual(Buffer.from(given), Buffer.from(expected));
      let json = null;
      try {
        json = JSON.parse(body);
      } catch {
        // recorded as null: the check then fails on it
      }
      received.push({ path: request.url, signed, key: request.headers['idempotency-key'], json });
      response.writeHead(signed ? 204 : 401).end();
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    url: (path = '/hook') => `http://127.0.0.1:${port}${path}`,
    port,
    received,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}
