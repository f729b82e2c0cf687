/** The student pages' probes. */
import type { PageProbe } from "./probes";

export const studentProbes: PageProbe[] = [];
