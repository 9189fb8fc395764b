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

/**
 * The request listener of a local token endpoint: on registrationPath, POST registers its JSON body
 * (204), DELETE revokes the identity it names (204, or 404 when unknown) and GET lists what is
 * registered (200); a request findTokenHandler(method, path) gives a handler for goes to it, anything
 * else is a 404, and a request that throws is answered 400 invalid_request.
 */
export function tokenEndpointListener({ registrationPath, register, revoke, list, findTokenHandler }) {
  async function route(request, response) {
    const path = new URL(request.url, 'http://localhost').pathname;
    if (path === registrationPath) {
      if (request.method === 'POST') {
        register(await readJson(request));
        response.writeHead(204).end();
        return;
      }
      if (request.method === 'DELETE') {
        response.writeHead(revoke(await readJson(request)) ? 204 : 404).end();
        return;
      }
      if (request.method === 'GET') {
        sendJson(response, 200, list());
        return;
      }
    }
    const handleToken = findTokenHandler(request.method, path);
    if (handleToken) {
      await handleToken(request, response);
      return;
    }
    sendJson(response, 404, { error: 'not_found', error_description: `No route for ${request.method} ${path}.` });
  }
  return (request, response) => {
    route(request, response).catch((error) => sendJson(response, 400, { error: 'invalid_request', error_description: error.message }));
  };
}
