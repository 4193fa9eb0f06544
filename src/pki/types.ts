/** A certificate and its private key, both PEM: the key is PKCS#8 ("PRIVATE KEY"), which Node's tls and Go's crypto/tls both load. */
export interface KeyPair {
  certPem: string;
  keyPem: string;
}

/** What a certificate may be used for: its extended key usage. */
export type CertUsage = 'server' | 'client' | 'both';

export interface IssueCertOptions {
  commonName: string;
  /** Subject O= values; Kubernetes reads them as the user's groups (e.g. system:masters). */
  organizations?: string[];
  dnsNames?: string[];
  ipAddresses?: string[];
  usage: CertUsage;
  /** Validity in days from now; 365 when omitted. */
  days?: number;
}
