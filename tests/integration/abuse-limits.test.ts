/**
 * Body and page limits hold under concurrency: a burst of oversized bodies
 * (declared or streamed without a length) is refused with 413 while ordinary
 * requests in the same burst are served, nothing that was refused ran, and
 * pages stay within 1–100 items however many ask at once.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { MAX_BODY_BYTES } from "../../functions/api/app";
import { createHarness, type Harness } from "../helpers/harness";
import { approvedListing, createListing, listingBody } from "../helpers/listings";
import { createWorld, type World } from "../helpers/world";

let h: Harness;
let t: World["tokens"];

beforeAll(async () => {
  h = await createHarness();
  t = (await createWorld(h)).tokens;
  await Promise.all(
    Array.from({ length: 12 }, (_, n) =>
      approvedListing(h, { owner: t.zealand, reviewer: t.kalundborg }, { title: `Room ${n}` }),
    ),
  );
});

const oversized = JSON.stringify(listingBody({ description: "x".repeat(MAX_BODY_BYTES) }));

/** A body streamed in chunks with no Content-Length, as a client sending chunked encoding does. */
function streamed(text: string, chunk = 16 * 1024): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.length) return controller.close();
      controller.enqueue(bytes.subarray(offset, offset + chunk));
      offset += chunk;
    },
  });
}

function post(path: string, token: string, body: string | ReadableStream<Uint8Array>) {
  const headers: Record<string, string> = { authorization: `Bearer ${token}`, "content-type": "application/json" };
  if (typeof body === "string") headers["content-length"] = String(Buffer.byteLength(body));
  return h.app.request(path, { method: "POST", headers, body, duplex: "half" } as RequestInit);
}

const ownListings = async () =>
  (await h.call("GET", "/listings?mine=true&limit=100", { token: t.absalon })).json.items as unknown[];

describe("a burst of oversized bodies", () => {
  it("gets 413 for each, declared or streamed, while ordinary requests in the burst succeed", async () => {
    const before = (await ownListings()).length;
    const responses = await Promise.all([
      ...Array.from({ length: 8 }, () => post("/listings", t.absalon, oversized)),
      ...Array.from({ length: 8 }, () => post("/listings", t.absalon, streamed(oversized))),
      ...Array.from({ length: 4 }, () => post("/listings", t.absalon, JSON.stringify(listingBody()))),
    ]);
    const statuses = responses.map((response) => response.status);
    expect(statuses.slice(0, 16)).toEqual(Array(16).fill(413));
    expect(statuses.slice(16)).toEqual(Array(4).fill(201));
    for (const response of responses.slice(0, 16)) {
      expect(response.headers.get("content-type")).toBe("application/problem+json");
    }
    // Only the four ordinary creates ran.
    expect((await ownListings()).length).toBe(before + 4);
  });

  it("never runs an action whose oversized body was refused", async () => {
    const drafts = await Promise.all([0, 1, 2, 3].map(() => createListing(h, t.absalon)));
    const padding = JSON.stringify({ padding: "x".repeat(MAX_BODY_BYTES) });
    const responses = await Promise.all(
      drafts.flatMap((draft) => [
        post(`/listings/${draft.id}/submit`, t.absalon, padding),
        post(`/listings/${draft.id}/submit`, t.absalon, streamed(padding)),
      ]),
    );
    expect(responses.map((response) => response.status)).toEqual(Array(8).fill(413));
    for (const draft of drafts) {
      const stored = await h.call("GET", `/listings/${draft.id}`, { token: t.absalon });
      expect(stored.json).toMatchObject({ status: "draft", version: draft.version });
    }
  });
});

describe("page limits under concurrency", () => {
  it("serves at most 100 items a page and refuses limits outside 1–100, however many ask at once", async () => {
    const limits = [1, 5, 100, 0, 101, 1000, -1, 50];
    const responses = await Promise.all(
      Array.from({ length: 24 }, (_, n) => {
        const limit = limits[n % limits.length] as number;
        return h.call("GET", `/listings?municipality=326&limit=${limit}`, { token: t.student }).then((response) => ({
          limit,
          response,
        }));
      }),
    );
    for (const { limit, response } of responses) {
      if (limit >= 1 && limit <= 100) {
        expect(response.status).toBe(200);
        expect(response.json.items.length).toBe(Math.min(limit, 12));
      } else {
        expect(response.status).toBe(400);
        expect(response.json.errors[0].path).toBe("limit");
      }
    }
  });
});
