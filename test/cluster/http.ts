import http from 'node:http';
import https from 'node:https';

export interface TlsMaterial {
  ca?: string;
  cert?: string;
  key?: string;
  /** Skip server certificate checks (for components serving self-signed health endpoints). */
  insecure?: boolean;
}

export interface HttpResult {
  status: number;
  body: string;
}

/** One GET; resolves with any HTTP status, rejects only when no answer came (refused, timeout, TLS). */
export function httpGet(url: string, tls: TlsMaterial = {}, timeoutMs = 5000): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const options: https.RequestOptions = {
      method: 'GET',
      agent: false,
      timeout: timeoutMs,
      ...(u.protocol === 'https:'
        ? { ca: tls.ca, cert: tls.cert, key: tls.key, rejectUnauthorized: !tls.insecure }
        : {}),
    };
    const request = u.protocol === 'https:' ? https.request : http.request;
    const req = request(u, options, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${url} timed out after ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end();
  });
}
