/**
 * The local HTTP server: the app on @hono/node-server, as `npm start` runs it
 * and as the connection tests start it.
 */
import { IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { type Http2Bindings, type HttpBindings, type ServerType, serve } from "@hono/node-server";

type Bindings = HttpBindings | Http2Bindings;

export interface LocalServerOptions {
  fetch: (request: Request, env: Bindings) => Response | Promise<Response>;
  port: number;
  hostname: string;
}

export interface LocalServer {
  server: ServerType;
  address: AddressInfo;
  close(): Promise<void>;
}

/** An HTTP/1.1 request whose body had not fully arrived when its answer was ready. */
function bodyStillArriving(env: Bindings): env is HttpBindings {
  return env.incoming instanceof IncomingMessage && !env.incoming.complete;
}

/**
 * An answer sent before the request's body was read (a 413, or a refusal
 * before validation) leaves the rest of that body on the connection, where it
 * would be taken for the next request. Such an answer says `Connection: close`,
 * so the client opens a new connection for its next request.
 */
function closingEarlyAnswers(fetch: LocalServerOptions["fetch"]): LocalServerOptions["fetch"] {
  return async (request, env) => {
    const response = await fetch(request, env);
    if (bodyStillArriving(env)) env.outgoing.setHeader("Connection", "close");
    return response;
  };
}

/** Listens on `hostname:port` (port 0: a free one); rejects if the port cannot be had. */
export function startLocalServer(options: LocalServerOptions): Promise<LocalServer> {
  return new Promise((started, failed) => {
    const server = serve({ fetch: closingEarlyAnswers(options.fetch), port: options.port, hostname: options.hostname });
    server.once("error", failed);
    server.once("listening", () => {
      server.off("error", failed);
      started({
        server,
        address: server.address() as AddressInfo,
        close: () => new Promise((closed) => server.close(() => closed())),
      });
    });
  });
}
