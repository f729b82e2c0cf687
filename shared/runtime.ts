/**
 * Time and identity, injected so that expiry and ordering are testable
 * without sleeping.
 */
import { monotonicFactory } from "ulid";

export interface Clock {
  now(): Date;
}

export type IdGenerator = () => string;

export const systemClock: Clock = { now: () => new Date() };

/** Lexicographically time-ordered ids (ULID), monotonic within one process. */
export function createIdGenerator(): IdGenerator {
  const next = monotonicFactory();
  return () => next().toLowerCase();
}

export interface ManualClock extends Clock {
  set(at: Date | string): void;
  advance(ms: number): void;
}

/** A clock a test can move by hand. */
export function createManualClock(start: Date | string): ManualClock {
  let current = new Date(start);
  return {
    now: () => new Date(current),
    set: (at) => {
      current = new Date(at);
    },
    advance: (ms) => {
      current = new Date(current.getTime() + ms);
    },
  };
}
