/** The admin pages' probes. */
import type { PageProbe } from "./probes";

export const adminProbes: PageProbe[] = [];
