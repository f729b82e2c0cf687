import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import type { Organization } from "#domain/organizations/model";
import type { OrganizationRepository } from "#domain/organizations/service";
import type { Database } from "./client";
import type { CursorCodec } from "./cursor";
import { type Key, queryPage, stripKeys } from "./query";
import { keys } from "./table";

export class DynamoOrganizationRepository implements OrganizationRepository {
  constructor(
    private readonly db: Database,
    private readonly cursors: CursorCodec,
  ) {}

  async create(organization: Organization): Promise<void> {
    await this.db.client.send(
      new PutCommand({
        TableName: this.db.tableName,
        Item: {
          ...keys.organization(organization.id),
          ...keys.organizationsIndex(organization.id),
          entity: "organization",
          ...organization,
        },
        ConditionExpression: "attribute_not_exists(pk)",
      }),
    );
  }

  async get(id: string): Promise<Organization | undefined> {
    const { Item } = await this.db.client.send(
      new GetCommand({ TableName: this.db.tableName, Key: keys.organization(id) }),
    );
    return Item ? stripKeys<Organization>(Item) : undefined;
  }

  async list(page: { limit: number; cursor?: string }) {
    const scope = "organizations";
    const { index, pk } = keys.allOrganizations();
    const startKey = page.cursor ? (this.cursors.decode(scope, page.cursor) as Key) : undefined;
    const result = await queryPage(this.db, { index, pk }, { limit: page.limit, startKey });
    return {
      items: result.items.map((item) => stripKeys<Organization>(item)),
      nextCursor: result.nextKey ? this.cursors.encode(scope, result.nextKey) : null,
    };
  }
}
