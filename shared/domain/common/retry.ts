/**
 * The one way a change is retried: read, decide and write again on fresh
 * data when a concurrent change won the race (the write's condition failed).
 * With If-Match the client asked for the version it read, so a lost race is
 * a VersionMismatch (412) instead. Attempts back off a little more each time,
 * at random, so that contenders spread out.
 */
import { ConcurrentChange, Conflict, VersionMismatch } from "#shared/errors";

export const MAX_ATTEMPTS = 8;
/** The first pause is up to this many ms, doubling up to the fifth lost race. */
export const BACK_OFF_MS = 10;

export async function decideAgainOnRace<T>(
  ifMatch: number | undefined,
  step: () => Promise<T>,
  exhausted = "Others are changing the same objects; try again",
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await step();
    } catch (error) {
      if (!(error instanceof ConcurrentChange)) throw error;
      if (ifMatch !== undefined) throw new VersionMismatch();
      if (attempt === MAX_ATTEMPTS) throw new Conflict(exhausted);
      await backOff(attempt);
    }
  }
}

const backOff = (attempt: number) =>
  new Promise((resume) => setTimeout(resume, Math.random() * BACK_OFF_MS * 2 ** Math.min(attempt, 5)));
