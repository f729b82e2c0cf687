/**
 * The local server over real sockets: who can connect, and what a keep-alive
 * client sees after an answer sent before its body was read.
 */
import { Agent, request } from "node:http";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { loadLocalConfig } from "#shared/config";
import { MAX_BODY_BYTES } from "../../functions/api/app";
import { type LocalServer, startLocalServer } from "../../functions/local/local-server";
import { createHarness, type Harness } from "../helpers/harness";
import { networkAddress, tryConnect } from "../helpers/network";

let h: Harness;
let local: LocalServer;
let adminToken: string;

beforeAll(async () => {
  h = await createHarness();
  adminToken = await h.tokenFor(h.admin);
  local = await startLocalServer({ fetch: h.app.fetch, port: 0, hostname: loadLocalConfig({}).HOST });
});

afterAll(() => local?.close());

interface Answer {
  status: number;
  connection: string | undefined;
  /** Errors the client saw on the request after its answer (a reset upload, say). */
  laterErrors: Error[];
}

/**
 * Sends a request through `agent` and answers once the response has been read.
 * A body given as chunks goes out chunked (no Content-Length), one chunk every
 * `gapMs`, until all are sent or the server has answered.
 */
function send(
  agent: Agent,
  method: string,
  path: string,
  body?: { whole: string } | { chunks: string[]; gapMs: number },
): Promise<Answer> {
  return new Promise((answered, failed) => {
    const laterErrors: Error[] = [];
    let answeredYet = false;
    const headers: Record<string, string> = { authorization: `Bearer ${adminToken}` };
    if (body) headers["content-type"] = "application/json";
    if (body && "whole" in body) headers["content-length"] = String(Buffer.byteLength(body.whole));
    const outgoing = request({ host: "127.0.0.1", port: local.address.port, method, path, agent, headers }, (res) => {
      res.resume();
      res.once("end", () => {
        answeredYet = true;
        answered({ status: res.statusCode ?? 0, connection: res.headers.connection, laterErrors });
      });
    });
    outgoing.on("error", (error) => (answeredYet ? laterErrors.push(error) : failed(error)));
    if (!body) outgoing.end();
    else if ("whole" in body) outgoing.end(body.whole);
    else void sendChunks(body.chunks, body.gapMs);

    async function sendChunks(chunks: string[], gapMs: number) {
      for (const chunk of chunks) {
        if (answeredYet || outgoing.destroyed) return;
        outgoing.write(chunk);
        await new Promise((wait) => setTimeout(wait, gapMs));
      }
      outgoing.end();
    }
  });
}

const organization = (nameLength: number) =>
  JSON.stringify({ kind: "council", name: "x".repeat(nameLength), municipalities: ["326"] });

describe("who can connect", () => {
  it("the API listens on 127.0.0.1 by default, and refuses connections to the machine's network address", async () => {
    expect(local.address.address).toBe("127.0.0.1");
    const address = networkAddress();
    expect(address, "this machine has a network address to try").toBeDefined();
    expect(await tryConnect(address as string, local.address.port)).toBe("refused");
    expect(await tryConnect("127.0.0.1", local.address.port)).toBe("connected");
  });

  it("DynamoDB Local accepts connections on 127.0.0.1 only", async () => {
    const port = Number(new URL(inject("dynamoEndpoint")).port);
    expect(await tryConnect("127.0.0.1", port)).toBe("connected");
    expect(await tryConnect(networkAddress() as string, port)).toBe("refused");
  });
});

describe("a keep-alive connection after an early answer", () => {
  it("serves the next request after a 413 for a body with Content-Length", async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const refused = await send(agent, "POST", "/organizations", { whole: organization(MAX_BODY_BYTES + 1024) });
      expect(refused.status).toBe(413);
      expect(refused.connection).toBe("close");
      expect(refused.laterErrors).toEqual([]);
      const next = await send(agent, "GET", "/health");
      expect(next.status).toBe(200);
    } finally {
      agent.destroy();
    }
  });

  it("serves the next request after a 413 for a large body with Content-Length (several MB)", async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const refused = await send(agent, "POST", "/organizations", { whole: organization(8 * 1024 * 1024) });
      expect(refused.status).toBe(413);
      expect((await send(agent, "GET", "/health")).status).toBe(200);
    } finally {
      agent.destroy();
    }
  });

  it("serves the next request after a 413 for a chunked body that keeps coming", async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const whole = organization(2 * MAX_BODY_BYTES);
      const chunks = whole.match(/[\s\S]{1,16384}/g) ?? [];
      const refused = await send(agent, "POST", "/organizations", { chunks, gapMs: 15 });
      expect(refused.status).toBe(413);
      expect(refused.connection).toBe("close");
      // The client may still be sending when the server has answered; its next request must not fail.
      await new Promise((wait) => setTimeout(wait, 700));
      expect((await send(agent, "GET", "/health")).status).toBe(200);
    } finally {
      agent.destroy();
    }
  });

  it("keeps the connection open after a request whose body was read", async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const created = await send(agent, "POST", "/organizations", { whole: organization(20) });
      expect(created.status).toBe(201);
      expect(created.connection).toBe("keep-alive");
      expect((await send(agent, "GET", "/health")).status).toBe(200);
    } finally {
      agent.destroy();
    }
  });
});
