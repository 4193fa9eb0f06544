import express, { type Request, type Response } from 'express';
import type { ServedBackend } from './types.js';

function token(req: Request): string {
  const v = req.query.s ?? req.query.param;
  return typeof v === 'string' ? v : '';
}

/**
 * Where ExecContainerCommand's WebSocketUri (`/exec/?s=`) and HttpUrl (`/terminal?param=`) point.
 * The interactive stream is issue 12: until then both answer 501, naming the session so a client
 * can tell a good URL (not implemented yet) from an expired or made-up one (404).
 */
export function execRouter(backend: ServedBackend): express.Router {
  const router = express.Router();
  const answer = (req: Request, res: Response): void => {
    const session = backend.execSessions?.get(token(req));
    if (!session) {
      res.status(404).json({
        error: 'no such exec session: the URL is valid for 30 s after ExecContainerCommand; call it again',
      });
      return;
    }
    res.status(501).json({
      error:
        `interactive exec into ${session.ContainerGroupId}/${session.ContainerName} is not simulated yet ` +
        '(issue 12): call ExecContainerCommand with Sync=true for the output of a command',
    });
  };
  router.all(['/exec', '/exec/', '/terminal'], answer);
  return router;
}
