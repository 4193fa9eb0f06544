export { createCA, issueCert } from './generate.js';
export type { CertUsage, IssueCertOptions, KeyPair } from './types.js';
