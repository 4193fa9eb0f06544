import type { PeerCertificate, TLSSocket } from 'node:tls';
import type { KubeletUser } from './types.js';

const CLIENT_AUTH_EKU = '1.3.6.1.5.5.7.3.2';
const ANY_EKU = '2.5.29.37.0';

function values(field: string | string[] | undefined): string[] {
  if (field === undefined) return [];
  return Array.isArray(field) ? field : [field];
}

/**
 * The user of a client certificate whose chain TLS verified against the client CA: CN is the user and
 * each O a group, as the API server's x509 authenticator reads them. A certificate restricted to other
 * uses (no clientAuth in its extended key usage) is refused, as Go's verifier does.
 */
export function userFromPeerCertificate(cert: PeerCertificate): KubeletUser | undefined {
  const eku = cert.ext_key_usage;
  if (eku !== undefined && !eku.includes(CLIENT_AUTH_EKU) && !eku.includes(ANY_EKU)) return undefined;
  const user = values(cert.subject?.CN)[0];
  if (user === undefined || user === '') return undefined;
  return { user, groups: values(cert.subject?.O) };
}

/**
 * The client certificate's user, or undefined. Without a configured client CA no certificate counts:
 * Node would otherwise verify client certificates against its bundled public roots.
 */
export function clientCertificateUser(
  socket: TLSSocket,
  clientCaConfigured: boolean,
): KubeletUser | undefined {
  if (!clientCaConfigured || !socket.authorized) return undefined;
  const cert = socket.getPeerCertificate();
  if (cert === null || Object.keys(cert).length === 0) return undefined;
  return userFromPeerCertificate(cert);
}

/** The token of an `Authorization: Bearer <token>` header, or undefined (the scheme is case-insensitive). */
export function bearerToken(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const match = /^\s*bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}
