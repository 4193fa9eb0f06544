import type { TLSSocket } from 'node:tls';
import type { Request, RequestHandler } from 'express';
import { errorMessage, logger } from '../log.js';
import { forbiddenMessage, requestAttributes } from './attributes.js';
import { bearerToken, clientCertificateUser } from './authn.js';
import type { Authorizer, KubeletUser } from './types.js';

export interface AuthDeps {
  nodeName: string;
  authorizer: Authorizer;
  clientCaConfigured: boolean;
}

/**
 * Like the kubelet's union authenticator: a client certificate signed by the client CA first, then a
 * bearer token through TokenReview. A certificate from another CA is not an error by itself: the token,
 * if any, may still authenticate. Anonymous requests are refused (the kubelet's --anonymous-auth=false).
 */
async function authenticate(req: Request, deps: AuthDeps): Promise<KubeletUser | undefined> {
  const socket = req.socket as TLSSocket;
  if (typeof socket.getPeerCertificate === 'function') {
    const user = clientCertificateUser(socket, deps.clientCaConfigured);
    if (user !== undefined) return user;
  }
  const token = bearerToken(req.headers.authorization);
  if (token === undefined) return undefined;
  try {
    return await deps.authorizer.authenticateToken(token);
  } catch (err) {
    // The token itself never goes to the log.
    logger.warn('kubelet API: TokenReview failed', { node: deps.nodeName, err: errorMessage(err) });
    return undefined;
  }
}

/** Authenticates and authorizes every request as the kubelet's auth filter (pkg/kubelet/server/server.go). */
export function authMiddleware(deps: AuthDeps): RequestHandler {
  return async (req, res, next) => {
    const user = await authenticate(req, deps);
    if (user === undefined) {
      res.status(401).type('text/plain; charset=utf-8').send('Unauthorized');
      return;
    }
    const attrs = requestAttributes(req.method, req.path, deps.nodeName);
    for (const attr of attrs) {
      let allowed: boolean;
      try {
        allowed = await deps.authorizer.authorize(user, attr);
      } catch (err) {
        const msg = `Authorization error (user=${user.user}, verb=${attr.verb}, resource=${attr.resource}, subresource=${attr.subresource})`;
        logger.error('kubelet API: SubjectAccessReview failed', {
          node: deps.nodeName,
          user: user.user,
          err: errorMessage(err),
        });
        res.status(500).type('text/plain; charset=utf-8').send(msg);
        return;
      }
      if (allowed) {
        res.locals.user = user.user;
        next();
        return;
      }
    }
    const msg = forbiddenMessage(user.user, attrs);
    logger.info('kubelet API: forbidden', {
      node: deps.nodeName,
      user: user.user,
      path: req.path,
      verb: attrs[0]?.verb,
    });
    res.status(403).type('text/plain; charset=utf-8').send(msg);
  };
}
