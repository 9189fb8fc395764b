// Request/response helpers shared by the local token endpoints (node:http has no body parsing).
const MAX_BODY_BYTES = 1024 * 1024;

export async function readBody(request) {
  const chunks = [];
  let size = 0;
  for await (const chunk of request) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new Error('request body too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export async function readForm(request) {
  return Object.fromEntries(new URLSearchParams(await readBody(request)));
}

export async function readJson(request) {
  return JSON.parse(await readBody(request));
}

export function sendJson(response, status, body) {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
  });
  response.end(text);
}

/** Listens on 127.0.0.1 and a port the OS picks; resolves with that port. */
export function listenOnLoopback(server, host) {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve(server.address().port));
  });
}

export function closeServer(server) {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(resolve));
}
