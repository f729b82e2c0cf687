/**
 * Child processes for the benchmarks: timing short-lived ones, and running
 * servers in their own process group so that the group (and anything the
 * server started, such as DynamoDB Local's java) can always be ended, also
 * when the benchmark fails or is interrupted.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { closeSync, openSync, readFileSync } from "node:fs";

/** CPU time (user + system) of a process so far, from /proc (Linux; clock ticks of 10 ms); undefined elsewhere. */
export function processCpuMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after "(comm)": state is field 3, utime 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

/** Wall time in ms of one child process, from spawn to exit; throws if it fails. */
export function timeChild(command: string, args: readonly string[], env: NodeJS.ProcessEnv, cwd: string): number {
  const started = process.hrtime.bigint();
  const result = spawnSync(command, args, { env, cwd, stdio: ["ignore", "ignore", "pipe"], timeout: 60_000 });
  const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.error) throw result.error;
  if (result.status !== 0) {
    const stderr = result.stderr.toString().trim().split("\n").slice(-5).join("\n");
    throw new Error(`${command} ${args.join(" ")} exited with ${result.status ?? result.signal}:\n${stderr}`);
  }
  return elapsed;
}

/* Cleanups that must run however the process ends: normal exit, error, Ctrl-C. */
const cleanups = new Set<() => void>();
let handlersInstalled = false;

function runCleanups() {
  for (const cleanup of cleanups) {
    try {
      cleanup();
    } catch {
      // Best effort: the others must still run.
    }
  }
  cleanups.clear();
}

function onAnyExit(cleanup: () => void): () => void {
  if (!handlersInstalled) {
    handlersInstalled = true;
    process.once("exit", runCleanups);
    for (const [signal, code] of [
      ["SIGINT", 130],
      ["SIGTERM", 143],
    ] as const) {
      process.once(signal, () => {
        runCleanups();
        process.exit(code);
      });
    }
  }
  cleanups.add(cleanup);
  return () => cleanups.delete(cleanup);
}

function signalGroup(pgid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch (error) {
    // ESRCH: no process left in the group. EPERM: one is left, not ours to signal.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

const sleep = (milliseconds: number) => new Promise((wake) => setTimeout(wake, milliseconds));

export interface GroupProcess {
  child: ChildProcess;
  pid: number;
  logFile: string;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
  /** Resolves once `text` appears in its output; rejects if it exits first or on timeout. */
  waitFor(text: string, timeoutMs: number): Promise<void>;
  /** Resolves with true once it has exited, false on timeout. */
  waitForExit(timeoutMs: number): Promise<boolean>;
  /** Whether any process of its group (itself or what it started) is still alive. */
  groupAlive(): boolean;
  /** Polls until the group is empty; false on timeout. */
  waitForEmptyGroup(timeoutMs: number): Promise<boolean>;
  /** SIGKILL to the whole group; the cleanup of every failure path. */
  killGroup(): void;
  /** Ends the group if still needed and forgets the exit cleanup. */
  dispose(): void;
}

/**
 * Spawns `command` detached, as the leader of a new process group, with its
 * output going to `logFile` (a file, not a pipe: this process runs the load
 * generator and should not spend time reading the server's logs).
 */
export function spawnGroup(
  command: string,
  args: readonly string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; logFile: string },
): GroupProcess {
  const fd = openSync(options.logFile, "w");
  let child: ChildProcess;
  try {
    child = spawn(command, args, { cwd: options.cwd, env: options.env, detached: true, stdio: ["ignore", fd, fd] });
  } finally {
    closeSync(fd);
  }
  const pid = child.pid;
  if (pid === undefined) throw new Error(`Could not start ${command}`);
  const exited = new Promise<void>((done) => child.once("exit", () => done()));
  const hasExited = () => child.exitCode !== null || child.signalCode !== null;
  const output = () => readFileSync(options.logFile, "utf8");
  const killGroup = () => void signalGroup(pid, "SIGKILL");
  const forget = onAnyExit(killGroup);

  return {
    child,
    pid,
    logFile: options.logFile,
    output,
    async waitFor(text, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (!output().includes(text)) {
        if (hasExited()) {
          throw new Error(
            `${command} exited (${child.exitCode ?? child.signalCode}) before printing "${text}":\n${tail(output())}`,
          );
        }
        if (Date.now() > deadline) {
          throw new Error(`${command} did not print "${text}" within ${timeoutMs / 1000} s:\n${tail(output())}`);
        }
        await sleep(100);
      }
    },
    async waitForExit(timeoutMs) {
      if (hasExited()) return true;
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<false>((done) => {
        timer = setTimeout(() => done(false), timeoutMs);
      });
      const result = await Promise.race([exited.then(() => true as const), timedOut]);
      clearTimeout(timer);
      return result;
    },
    groupAlive: () => signalGroup(pid, 0),
    async waitForEmptyGroup(timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (signalGroup(pid, 0)) {
        if (Date.now() > deadline) return false;
        await sleep(100);
      }
      return true;
    },
    killGroup,
    dispose() {
      killGroup();
      forget();
    },
  };
}

function tail(text: string, lines = 15): string {
  return text.trimEnd().split("\n").slice(-lines).join("\n");
}
