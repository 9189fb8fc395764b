// Local Google OAuth 2.0 token endpoint for service-account keys (the JWT-bearer grant, RFC 7523).
// It knows the service-account keys registered with it and checks each assertion's RS256 signature
// against the registered public key, so a key it does not know fails like a revoked one does.
//
//   node google-token.js [--service-accounts accounts.json]
//   accounts.json: [{ "clientEmail": "...", "privateKeyId": "...", "publicKeyPem": "-----BEGIN PUBLIC KEY-----..." }]
//   POST /admin/service-accounts  { "clientEmail": "...", "privateKeyId": "...", "publicKeyPem": "..." }  registers one more.
//   DELETE /admin/service-accounts  { "clientEmail": "...", "privateKeyId": "..." }  revokes that key.
//   GET /admin/service-accounts  lists [{ "clientEmail": "...", "privateKeyId": "..." }].
//   POST /token  grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer, assertion=<JWT signed with the key>
import { createPublicKey, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { LOOPBACK, announceReady, failStartup, parseArgs, stopOnExitSignals } from './lib/lifecycle.js';
import { closeServer, listenOnLoopback, readForm, sendJson, tokenEndpointListener } from './lib/http.js';
import { decode, hasValidRs256Signature, nowInSeconds } from './lib/jwt.js';

const TOKEN_LIFETIME_SECONDS = 3599;
const JWT_BEARER_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const CLOCK_SKEW_SECONDS = 300;
const REGISTRATION_ROUTE = '/admin/service-accounts';
// Google.Apis.Auth addresses its assertions to Google's token URL whatever the key's token_uri says;
// Google accepts both of its token URLs as the audience, and so does this endpoint, besides its own.
const GOOGLE_TOKEN_AUDIENCES = ['https://oauth2.googleapis.com/token', 'https://www.googleapis.com/oauth2/v4/token'];

// clientEmail -> privateKeyId -> public key
const serviceAccountKeys = new Map();
let tokenUri;

function register(account) {
  for (const field of ['clientEmail', 'privateKeyId', 'publicKeyPem']) {
    if (typeof account?.[field] !== 'string' || account[field] === '') {
      throw new Error(`service account key needs a non-empty string '${field}'`);
    }
  }
  const keys = serviceAccountKeys.get(account.clientEmail) ?? new Map();
  keys.set(account.privateKeyId, createPublicKey(account.publicKeyPem));
  serviceAccountKeys.set(account.clientEmail, keys);
}

function revoke(key) {
  const keys = serviceAccountKeys.get(key?.clientEmail);
  const revoked = keys?.delete(key?.privateKeyId) ?? false;
  if (keys?.size === 0) serviceAccountKeys.delete(key.clientEmail);
  return revoked;
}

function list() {
  return [...serviceAccountKeys].flatMap(([clientEmail, keys]) => [...keys.keys()].map((privateKeyId) => ({ clientEmail, privateKeyId })));
}

const sendGrantError = (response, description) =>
  sendJson(response, 400, { error: 'invalid_grant', error_description: description });

/** Returns why the assertion is refused, or undefined when it is good. */
function findAssertionProblem(assertion) {
  if (!assertion) return 'Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe.';
  const keys = serviceAccountKeys.get(assertion.payload.iss);
  if (!keys) return 'Invalid grant: account not found';
  const key = keys.get(assertion.header.kid);
  if (!key || !hasValidRs256Signature(assertion, key)) return 'Invalid JWT Signature.';
  const now = nowInSeconds();
  const { aud, iat, exp, scope } = assertion.payload;
  if (aud !== tokenUri && !GOOGLE_TOKEN_AUDIENCES.includes(aud)) return `Invalid JWT: the audience must be ${tokenUri}.`;
  if (typeof iat !== 'number' || typeof exp !== 'number' || iat > now + CLOCK_SKEW_SECONDS || exp < now - CLOCK_SKEW_SECONDS || exp - iat > 3600) {
    return 'Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values in the JWT claim.';
  }
  if (typeof scope !== 'string' || scope.trim() === '') return 'Invalid OAuth scope or ID token audience provided.';
  return undefined;
}

async function handleToken(request, response) {
  const form = await readForm(request);
  if (form.grant_type !== JWT_BEARER_GRANT) {
    return sendJson(response, 400, { error: 'unsupported_grant_type', error_description: `Invalid grant_type: ${form.grant_type}` });
  }
  const problem = findAssertionProblem(decode(form.assertion));
  if (problem) return sendGrantError(response, problem);
  return sendJson(response, 200, {
    access_token: `ya29.local-${randomBytes(24).toString('base64url')}`,
    expires_in: TOKEN_LIFETIME_SECONDS,
    token_type: 'Bearer',
  });
}

function findTokenHandler(method, path) {
  return method === 'POST' && path === '/token' ? handleToken : undefined;
}

try {
  const options = parseArgs(process.argv.slice(2));
  if (options['service-accounts']) {
    for (const account of JSON.parse(readFileSync(options['service-accounts'], 'utf8'))) register(account);
  }
  const server = createServer(tokenEndpointListener({ registrationPath: REGISTRATION_ROUTE, register, revoke, list, findTokenHandler }));
  const port = await listenOnLoopback(server, LOOPBACK);
  tokenUri = `http://${LOOPBACK}:${port}/token`;
  stopOnExitSignals(() => closeServer(server));
  announceReady({ port, tokenUri });
} catch (error) {
  failStartup(error);
}
