/** The council pages' probes. */
import type { PageProbe } from "./probes";

export const councilProbes: PageProbe[] = [];
