/** `npm start` as a newcomer runs it: serves, prints tokens, and Ctrl-C leaves nothing behind. */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { freePort } from "../../functions/local/dynamodb-local";
import { networkAddress, tryConnect } from "../helpers/network";

interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/** Every server this file started, stopped at the end even when a test failed midway. */
const children: ChildProcess[] = [];

afterAll(async () => {
  for (const child of children) {
    if (child.exitCode !== null || child.signalCode !== null) continue;
    const exited = new Promise((done) => child.once("exit", done));
    child.kill("SIGINT");
    const forced = setTimeout(() => child.kill("SIGKILL"), 10_000);
    await exited;
    clearTimeout(forced);
  }
});

function startLocal(env: Record<string, string>): Started {
  const child = spawn(process.execPath, ["--import", "tsx", "functions/local/start.ts"], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let output = "";
  child.stdout?.on("data", (chunk) => {
    output += chunk;
  });
  child.stderr?.on("data", (chunk) => {
    output += chunk;
  });
  const exited = new Promise<number | null>((done) => child.once("exit", (code) => done(code)));
  return { child, output: () => output, exited };
}

async function waitFor(started: Started, text: string, timeoutMs = 150_000) {
  const deadline = Date.now() + timeoutMs;
  while (!started.output().includes(text)) {
    if (Date.now() > deadline || started.child.exitCode !== null)
      throw new Error(`never printed "${text}":\n${started.output()}`);
    await new Promise((wait) => setTimeout(wait, 100));
  }
}

const sleep = (ms: number) => new Promise((wake) => setTimeout(wake, ms));

/** Pids of the processes whose command line names `text` (Linux /proc). */
function processesMentioning(text: string): number[] {
  return readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, "utf8").includes(text);
      } catch {
        return false;
      }
    })
    .map(Number);
}

const isRunning = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe("npm start", () => {
  it("serves the API on DynamoDB Local with demo data, and Ctrl-C stops DynamoDB Local too", async () => {
    const port = await freePort();
    const dataDir = mkdtempSync(join(tmpdir(), "praktikbolig-data-"));
    const first = startLocal({ PORT: String(port), DATA_DIR: dataDir });
    await waitFor(first, "Praktikbolig is running");
    const pid = Number(/\(pid (\d+)\)/.exec(first.output())?.[1]);
    expect(isRunning(pid)).toBe(true);
    // The start page comes first, then the docs; both answer.
    const urls = [...first.output().matchAll(/http:\/\/localhost:\d+\/[^\s)]*/g)].map((match) => match[0]);
    expect(urls.slice(0, 2)).toEqual([`http://localhost:${port}/`, `http://localhost:${port}/app/sign-in`]);
    expect(first.output()).toContain(`http://localhost:${port}/docs`);
    const start = await fetch(`http://localhost:${port}/`);
    expect(start.headers.get("content-type")).toMatch(/^text\/html/);
    expect(await start.text()).toContain('<html lang="da">');
    // The local sign-in page offers the demo users by name.
    expect(await (await fetch(`http://localhost:${port}/app/sign-in`)).text()).toContain("Freja (studerende)");
    expect(first.output()).toMatch(
      /^ {2}Demo data seeded: \d+ listings in every state, 6 students, 2 bookings, and a past season of \d+ requests, \d+ of them housed\.$/m,
    );

    // Neither the API (which hands out admin tokens) nor DynamoDB Local is reachable from the network.
    const dynamoPort = Number(/DynamoDB Local http:\/\/127\.0\.0\.1:(\d+)/.exec(first.output())?.[1]);
    const address = networkAddress();
    expect(address, "this machine has a network address to try").toBeDefined();
    for (const open of [port, dynamoPort]) {
      expect(await tryConnect("127.0.0.1", open)).toBe("connected");
      expect(await tryConnect(address as string, open)).toBe("refused");
    }
    expect(first.output()).not.toMatch(/^ {2}Warning:/m);

    const adminToken = /^ {2}admin\n {4}(\S+)$/m.exec(first.output())?.[1];
    const organizations = await fetch(`http://localhost:${port}/organizations`, {
      headers: { authorization: `Bearer ${adminToken}` },
    });
    expect(organizations.status).toBe(200);
    const names = ((await organizations.json()) as { items: { name: string }[] }).items.map((org) => org.name);
    expect(names).toContain("Kalundborg Erhvervsråd");
    expect((await fetch(`http://localhost:${port}/docs`)).status).toBe(200);

    // The printed command for other tokens is a whole curl command: method, JSON body, URL.
    const tokenCommand =
      /^ {2}curl -s -X POST -H 'Content-Type: application\/json' -d '(\{[^']+\})' (http:\/\/\S+\/dev\/token)$/m.exec(
        first.output(),
      );
    expect(tokenCommand, first.output()).not.toBeNull();
    const [, tokenBody, tokenUrl] = tokenCommand as unknown as [string, string, string];
    const issued = await fetch(tokenUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: tokenBody,
    });
    expect(issued.status).toBe(200);
    const { token } = (await issued.json()) as { token: string };
    const me = await fetch(`http://localhost:${port}/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { role: string }).role).toBe("student");

    first.child.kill("SIGINT");
    expect(await first.exited).toBe(0);
    expect(isRunning(pid)).toBe(false);

    // DATA_DIR keeps the data: the second start finds it and does not seed again.
    const second = startLocal({ PORT: String(port), DATA_DIR: dataDir });
    await waitFor(second, "Praktikbolig is running");
    expect(second.output()).toContain("Demo data already there (kept from an earlier run).");
    const secondPid = Number(/\(pid (\d+)\)/.exec(second.output())?.[1]);
    second.child.kill("SIGTERM");
    expect(await second.exited).toBe(0);
    expect(isRunning(secondPid)).toBe(false);
  }, 360_000);

  it("stops DynamoDB Local too when Ctrl-C comes during start-up", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "praktikbolig-early-"));
    const started = startLocal({ PORT: String(await freePort()), DATA_DIR: dataDir });
    // Wait until the JVM is there, then interrupt before the server is ready.
    const deadline = Date.now() + 60_000;
    while (processesMentioning(dataDir).length === 0 && Date.now() < deadline) await sleep(100);
    expect(processesMentioning(dataDir)).toHaveLength(1);
    expect(started.output()).not.toContain("Praktikbolig is running");
    started.child.kill("SIGINT");
    await started.exited;
    await sleep(500);
    expect(processesMentioning(dataDir)).toEqual([]);
  }, 120_000);

  it("stops with a one-line message when Java is missing", async () => {
    const emptyPath = mkdtempSync(join(tmpdir(), "no-java-"));
    const started = startLocal({ PATH: emptyPath, PORT: String(await freePort()) });
    expect(await started.exited).toBe(1);
    expect(started.output().trim().split("\n").at(-1)).toMatch(
      /needs Java 17.*apt-get install -y openjdk-17-jre-headless/,
    );
  }, 60_000);
});
