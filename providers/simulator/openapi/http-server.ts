import { createServer, type RequestListener, type Server } from 'node:http';
import type { Duplex } from 'node:stream';

/**
 * How long a request's line and headers may be. Node's own limit (16 KiB) is not ECI's: the
 * official SDKs send every CreateContainerGroup parameter in the query string, and one pod's
 * environment passes 16 KiB in a namespace of a few dozen Services (enableServiceLinks adds seven
 * variables per Service port). Alibaba publishes no limit; POP's front (Tengine) is known to refuse
 * a URL of some 76 KB with 414 (aliyun/openapi-core-nodejs-sdk#55). The simulator takes 64 KiB.
 */
export const MAX_REQUEST_HEAD_BYTES = 64 * 1024;

// POP's front answers an over-long URL with its own HTML page, not an OpenAPI error: clients that
// parse the body as JSON or XML fail on it, as they do against ECI.
const URI_TOO_LARGE_PAGE =
  '<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\r\n<html>\r\n' +
  '<head><title>414 Request-URI Too Large</title></head>\r\n<body bgcolor="white">\r\n' +
  '<h1>414 Request-URI Too Large</h1>\r\n' +
  "<p>The requested URL's length exceeds the capacity limit for this server.</p>\r\n" +
  '<hr/>Powered by Tengine</body>\r\n</html>\r\n';

/** A whole answer on a raw socket (one Node's HTTP server no longer handles), then the socket closes. */
export function answerAndClose(socket: Duplex, status: string, type: string, body: string): void {
  socket.end(
    `HTTP/1.1 ${status}\r\nContent-Type: ${type}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
      `Connection: close\r\n\r\n${body}`,
  );
}

/** What Node would do with a request it cannot parse, except an over-long head, answered as POP does. */
function refuseUnparsable(err: NodeJS.ErrnoException, socket: Duplex): void {
  if (err.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  if (err.code === 'HPE_HEADER_OVERFLOW') {
    answerAndClose(socket, '414 Request-URI Too Large', 'text/html', URI_TOO_LARGE_PAGE);
    return;
  }
  answerAndClose(socket, '400 Bad Request', 'text/plain', 'Bad Request');
}

/** The HTTP server the OpenAPI endpoint is served on: ECI's request-head limit, not Node's. */
export function createOpenApiHttpServer(app: RequestListener): Server {
  const server = createServer({ maxHeaderSize: MAX_REQUEST_HEAD_BYTES }, app);
  server.on('clientError', refuseUnparsable);
  return server;
}
