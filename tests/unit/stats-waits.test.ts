/** The histogram of days from request to booking: exact up to a month, then in steps, bounded. */
import { describe, expect, it } from "vitest";
import { MAX_DAYS_COUNTED, waitStep } from "#domain/stats/contributions";
import { medianAndP90 } from "#domain/stats/figures";

describe("the steps of the days-to-housing histogram", () => {
  it("counts each day up to 30, then weeks up to three months, then 30-day steps", () => {
    expect([0, 1, 30].map(waitStep)).toEqual([0, 1, 30]);
    expect([31, 36, 37, 92].map(waitStep)).toEqual([30, 30, 37, 86]);
    expect([93, 122, 123, 400, 5000].map(waitStep)).toEqual([93, 93, 123, 393, 393]);
    expect(waitStep(-3)).toBe(0);
  });

  it("holds at most 50 values, however long the waits", () => {
    const steps = new Set(Array.from({ length: MAX_DAYS_COUNTED + 100 }, (_, days) => waitStep(days)));
    expect(steps.size).toBe(50);
  });

  it("gives the median as the middle value, the mean of the middle two for an even count, and p90 by nearest rank", () => {
    expect(
      medianAndP90(
        new Map([
          [3, 1],
          [5, 1],
          [9, 1],
        ]),
      ),
    ).toEqual({ median: 5, p90: 9 });
    expect(
      medianAndP90(
        new Map([
          [0, 1],
          [10, 1],
        ]),
      ),
    ).toEqual({ median: 5, p90: 10 });
    expect(
      medianAndP90(
        new Map([
          [2, 9],
          [40, 1],
        ]),
      ),
    ).toEqual({ median: 2, p90: 2 });
    expect(medianAndP90(new Map())).toEqual({ median: null, p90: null });
  });
});
