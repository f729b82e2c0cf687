/**
 * How long a stay's records are kept: the housing request (internship,
 * company, note), its applications (with the student's messages), the
 * booking, and the audit entries of each, are deleted 12 months after the
 * stay ends (its move-out day, or the day it was cut short). By then a
 * question about the stay — deposit, damage, a complaint about the room —
 * has long been settled, and the statistics no longer need the records:
 * they were counted into the aggregates when they changed.
 */
import { addYears } from "#domain/common/dates";

export const RETENTION_YEARS_AFTER_STAY = 1;

/** When DynamoDB may delete a record of a stay ending on `moveOut`: epoch seconds (the table's TTL). */
export function deleteAfterStay(moveOut: string): number {
  return Math.floor(Date.parse(`${addYears(moveOut, RETENTION_YEARS_AFTER_STAY)}T00:00:00Z`) / 1000);
}
