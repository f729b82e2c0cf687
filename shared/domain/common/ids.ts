/** Ids are opaque to clients; the server makes lowercase ULIDs (demo data: short readable ones). */
import { z } from "zod";

export const idSchema = z.string().regex(/^[0-9a-z]{1,64}$/, "Not a valid id");
