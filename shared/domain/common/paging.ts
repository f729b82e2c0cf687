/** Pagination as the domain sees it: a limit and an opaque cursor. */
import { z } from "zod";

export interface PageQuery {
  limit: number;
  cursor?: string;
}

export interface Paged<T> {
  items: T[];
  nextCursor: string | null;
}

export const pageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20).meta({ description: "Items per page, 1–100" }),
  cursor: z.string().min(1).max(4096).optional().meta({ description: "`nextCursor` of the previous page" }),
});

export const pagedSchema = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });
