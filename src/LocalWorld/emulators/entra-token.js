// Local Microsoft Entra ID token endpoint for service-principal logins (OAuth 2.0 client credentials).
// HTTPS only, because Azure.Identity refuses an http authority. It knows the service principals
// registered with it and issues access tokens that azurite's `--oauth basic` mode accepts.
//
//   node entra-token.js --cert cert.pem --key key.pem [--service-principals principals.json]
//   principals.json: [{ "tenantId": "...", "clientId": "...", "clientSecret": "..." }]
//   POST /admin/service-principals  { "tenantId": "...", "clientId": "...", "clientSecret": "..." }  registers one more
//     (or one more secret of a known principal: an application may hold several, as in Entra).
//   DELETE /admin/service-principals  { "tenantId": "...", "clientId": "..." }  deletes that principal;
//     with "clientSecret" only that secret.
//   GET /admin/service-principals  lists [{ "tenantId": "...", "clientId": "..." }].
//   POST /{tenantId}/oauth2/v2.0/token  grant_type=client_credentials, client_id, client_secret, scope
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:https';
import { LOOPBACK, announceReady, failStartup, parseArgs, stopOnExitSignals } from './lib/lifecycle.js';
import { closeServer, listenOnLoopback, readForm, sendJson, tokenEndpointListener } from './lib/http.js';
import { nowInSeconds, signRs256 } from './lib/jwt.js';

const TOKEN_LIFETIME_SECONDS = 3600;
const TOKEN_ROUTE = /^\/([^/]+)\/oauth2\/v2\.0\/token$/;
const REGISTRATION_ROUTE = '/admin/service-principals';

// tenantId -> clientId -> set of client secrets
const servicePrincipals = new Map();
const signingKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;

function register(principal) {
  for (const field of ['tenantId', 'clientId', 'clientSecret']) {
    if (typeof principal?.[field] !== 'string' || principal[field] === '') {
      throw new Error(`service principal needs a non-empty string '${field}'`);
    }
  }
  const tenant = servicePrincipals.get(principal.tenantId) ?? new Map();
  const secrets = tenant.get(principal.clientId) ?? new Set();
  secrets.add(principal.clientSecret);
  tenant.set(principal.clientId, secrets);
  servicePrincipals.set(principal.tenantId, tenant);
}

function revoke(principal) {
  const tenant = servicePrincipals.get(principal?.tenantId);
  const secrets = tenant?.get(principal?.clientId);
  if (!secrets) return false;
  if (typeof principal.clientSecret === 'string') {
    if (!secrets.delete(principal.clientSecret)) return false;
    if (secrets.size > 0) return true;
  }
  tenant.delete(principal.clientId);
  if (tenant.size === 0) servicePrincipals.delete(principal.tenantId);
  return true;
}

function list() {
  return [...servicePrincipals].flatMap(([tenantId, tenant]) => [...tenant.keys()].map((clientId) => ({ tenantId, clientId })));
}

/** An error body shaped like Entra's, so clients surface the same AADSTS codes as in Azure. */
function sendEntraError(response, status, error, code, description) {
  sendJson(response, status, {
    error,
    error_description: `AADSTS${code}: ${description} Trace ID: ${randomUUID()} Correlation ID: ${randomUUID()} Timestamp: ${new Date().toISOString()}`,
    error_codes: [code],
    timestamp: new Date().toISOString(),
    trace_id: randomUUID(),
    correlation_id: randomUUID(),
  });
}

function issueAccessToken(tenantId, clientId, scope) {
  const now = nowInSeconds();
  const resource = scope.replace(/\/\.default$/, '');
  return signRs256({ kid: 'local-entra' }, {
    aud: resource,
    iss: `https://sts.windows.net/${tenantId}/`,
    iat: now,
    nbf: now,
    exp: now + TOKEN_LIFETIME_SECONDS,
    appid: clientId,
    appidacr: '1',
    idtyp: 'app',
    oid: clientId,
    sub: clientId,
    tid: tenantId,
    ver: '1.0',
  }, signingKey);
}

async function handleToken(request, response, tenantId) {
  const form = await readForm(request);
  if (form.grant_type !== 'client_credentials') {
    return sendEntraError(response, 400, 'unsupported_grant_type', 70003, `The grant type '${form.grant_type}' is not supported here; use client_credentials.`);
  }
  const tenant = servicePrincipals.get(tenantId);
  if (!tenant) {
    return sendEntraError(response, 400, 'invalid_request', 90002, `Tenant '${tenantId}' not found.`);
  }
  if (!tenant.has(form.client_id)) {
    return sendEntraError(response, 400, 'unauthorized_client', 700016, `Application with identifier '${form.client_id}' was not found in the directory '${tenantId}'.`);
  }
  if (!tenant.get(form.client_id)?.has(form.client_secret)) {
    return sendEntraError(response, 401, 'invalid_client', 7000215, 'Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.');
  }
  if (typeof form.scope !== 'string' || !form.scope.endsWith('/.default')) {
    return sendEntraError(response, 400, 'invalid_scope', 1002012, `The provided value for scope '${form.scope}' is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier.`);
  }
  sendJson(response, 200, {
    token_type: 'Bearer',
    expires_in: TOKEN_LIFETIME_SECONDS,
    ext_expires_in: TOKEN_LIFETIME_SECONDS,
    access_token: issueAccessToken(tenantId, form.client_id, form.scope),
  });
}

function findTokenHandler(method, path) {
  const tokenRoute = TOKEN_ROUTE.exec(path);
  if (method !== 'POST' || !tokenRoute) return undefined;
  return (request, response) => handleToken(request, response, decodeURIComponent(tokenRoute[1]));
}

try {
  const options = parseArgs(process.argv.slice(2));
  if (!options.cert || !options.key) throw new Error('--cert and --key (PEM files) are required: the endpoint serves HTTPS only');
  if (options['service-principals']) {
    for (const principal of JSON.parse(readFileSync(options['service-principals'], 'utf8'))) register(principal);
  }
  const server = createServer(
    { cert: readFileSync(options.cert), key: readFileSync(options.key) },
    tokenEndpointListener({ registrationPath: REGISTRATION_ROUTE, register, revoke, list, findTokenHandler }));
  const port = await listenOnLoopback(server, LOOPBACK);
  stopOnExitSignals(() => closeServer(server));
  announceReady({ port, authorityHost: `https://${LOOPBACK}:${port}/` });
} catch (error) {
  failStartup(error);
}
