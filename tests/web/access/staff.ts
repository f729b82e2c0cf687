/** The staff pages' probes. */
import type { PageProbe } from "./probes";

export const staffProbes: PageProbe[] = [];
