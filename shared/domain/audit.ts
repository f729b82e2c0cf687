/** The audit trail: every state change, by whom and when. */
import { z } from "zod";
import type { Role } from "#auth/principal";

export interface AuditEvent {
  id: string;
  objectType: "listing" | "housingRequest" | "application" | "booking";
  objectId: string;
  action: string;
  from: string | null;
  to: string;
  actor: string;
  actorRole: Role | "system";
  at: string;
  reason?: string;
  /** Names of the fields an edit changed (never their values). */
  changed?: string[];
}

export const auditEventSchema = z
  .object({
    id: z.string(),
    objectType: z.string(),
    objectId: z.string(),
    action: z.string(),
    from: z.string().nullable(),
    to: z.string(),
    actor: z.string(),
    actorRole: z.string(),
    at: z.string(),
    reason: z.string().optional(),
    changed: z.array(z.string()).optional(),
  })
  .meta({ id: "AuditEvent" });
