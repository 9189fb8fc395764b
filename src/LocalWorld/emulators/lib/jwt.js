// The little of JWT (RFC 7519) that the local token endpoints need: RS256 signing and checking.
import { sign, verify } from 'node:crypto';

const encode = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');

export function signRs256(header, payload, privateKey) {
  const signingInput = `${encode({ ...header, alg: 'RS256', typ: 'JWT' })}.${encode(payload)}`;
  const signature = sign('RSA-SHA256', Buffer.from(signingInput), privateKey).toString('base64url');
  return `${signingInput}.${signature}`;
}

/** Splits a compact JWT; returns undefined when it is not one. */
export function decode(token) {
  const parts = typeof token === 'string' ? token.split('.') : [];
  if (parts.length !== 3) return undefined;
  try {
    const [header, payload] = parts.slice(0, 2).map((part) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')));
    return { header, payload, signingInput: `${parts[0]}.${parts[1]}`, signature: Buffer.from(parts[2], 'base64url') };
  } catch {
    return undefined;
  }
}

export function hasValidRs256Signature(decoded, publicKey) {
  return decoded.header.alg === 'RS256' && verify('RSA-SHA256', Buffer.from(decoded.signingInput), publicKey, decoded.signature);
}

export const nowInSeconds = () => Math.floor(Date.now() / 1000);
