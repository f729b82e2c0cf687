/**
 * Organisations: education institutions and business councils. Admins
 * manage them; staff read their own.
 */
import { type Principal, requireRole } from "#auth/principal";
import type { Paged, PageQuery } from "#domain/common/paging";
import { NotFound } from "#shared/errors";
import type { Clock, IdGenerator } from "#shared/runtime";
import type { NewOrganization, Organization } from "./model";

export interface OrganizationRepository {
  create(organization: Organization): Promise<void>;
  get(id: string): Promise<Organization | undefined>;
  list(page: PageQuery): Promise<Paged<Organization>>;
}

export class OrganizationService {
  constructor(
    private readonly repository: OrganizationRepository,
    private readonly clock: Clock,
    private readonly newId: IdGenerator,
  ) {}

  async create(principal: Principal, input: NewOrganization): Promise<Organization> {
    requireRole(principal, "admin");
    const now = this.clock.now().toISOString();
    const organization: Organization = { id: this.newId(), ...input, version: 1, createdAt: now, updatedAt: now };
    await this.repository.create(organization);
    return organization;
  }

  async get(principal: Principal, id: string): Promise<Organization> {
    requireRole(principal, "admin", "institution", "council");
    if (principal.role !== "admin" && principal.orgId !== id) throw new NotFound("Organization");
    const organization = await this.repository.get(id);
    if (!organization) throw new NotFound("Organization");
    return organization;
  }

  async list(principal: Principal, page: PageQuery): Promise<Paged<Organization>> {
    requireRole(principal, "admin", "institution", "council");
    if (principal.role === "admin") return this.repository.list(page);
    // Staff see exactly their own organisation: a one-item page.
    const own = principal.orgId ? await this.repository.get(principal.orgId) : undefined;
    return { items: own ? [own] : [], nextCursor: null };
  }

  /** Writes an organisation as it is, without an acting user: for seeding and restores. */
  restore(organization: Organization): Promise<void> {
    return this.repository.create(organization);
  }

  /** For other services (tokens, listings): the organisation, or undefined. */
  find(id: string): Promise<Organization | undefined> {
    return this.repository.get(id);
  }
}
