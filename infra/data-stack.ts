/**
 * Stateful stack: the single DynamoDB table, created from `tableDefinition`
 * (the same object the local runner and the tests create their tables from),
 * so the deployed key schema cannot drift from what the code expects.
 */
import { RemovalPolicy, Stack, type StackProps } from "aws-cdk-lib";
import {
  AttributeType,
  BillingMode,
  type ITable,
  ProjectionType,
  Table,
  TableEncryption,
} from "aws-cdk-lib/aws-dynamodb";
import { Grant, type IGrantable } from "aws-cdk-lib/aws-iam";
import type { Construct } from "constructs";
import { tableDefinition } from "#db/table";

export interface DataStackProps extends StackProps {
  /** Deployment stage, e.g. `dev` or `prod`. */
  readonly stage: string;
  /**
   * Most read request units per second the table, and each index, may consume;
   * beyond it DynamoDB throttles instead of billing. @default TABLE_LIMIT_DEFAULTS.maxReadRequestUnits
   */
  readonly maxReadRequestUnits?: number;
  /** Most write request units per second the table, and each index, may consume. @default TABLE_LIMIT_DEFAULTS.maxWriteRequestUnits */
  readonly maxWriteRequestUnits?: number;
}

/**
 * On-demand ceilings: room for the API's traffic (a search reads under 10
 * units, a match about 500), but a bound on what a flood or a runaway bug can
 * bill. A stage raises them by context (infra/app.ts).
 */
export const TABLE_LIMIT_DEFAULTS = { maxReadRequestUnits: 4_000, maxWriteRequestUnits: 1_000 } as const;

/**
 * Item read/write actions the API needs (those of CDK's grantReadWriteData, less the
 * stream actions: the table has no stream).
 */
export const TABLE_DATA_ACTIONS = [
  "dynamodb:GetItem",
  "dynamodb:BatchGetItem",
  "dynamodb:Query",
  "dynamodb:Scan",
  "dynamodb:ConditionCheckItem",
  "dynamodb:PutItem",
  "dynamodb:UpdateItem",
  "dynamodb:DeleteItem",
  "dynamodb:BatchWriteItem",
  "dynamodb:DescribeTable",
] as const;

/**
 * Grants item read/write on the table and on each of its indexes by name
 * (rather than CDK's `<table>/index/*`), so the policy holds no wildcard.
 */
export function grantTableReadWrite(table: ITable, grantee: IGrantable): Grant {
  return Grant.addToPrincipal({
    grantee,
    actions: [...TABLE_DATA_ACTIONS],
    resourceArns: [table.tableArn, ...tableDefinition.indexes.map((index) => `${table.tableArn}/index/${index.name}`)],
  });
}

/** Whether a stage holds throw-away data (only `dev`). */
export const isDisposableStage = (stage: string): boolean => stage === "dev";

export class DataStack extends Stack {
  readonly table: Table;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    const disposable = isDisposableStage(props.stage);
    // Outside dev the stack itself is protected from `cdk destroy` as well.
    super(scope, id, { terminationProtection: !disposable, ...props });

    const key = (name: string) => ({ name, type: AttributeType.STRING });
    // Every index has its own on-demand throughput, so each gets the same ceiling as the table.
    const ceilings = {
      maxReadRequestUnits: props.maxReadRequestUnits ?? TABLE_LIMIT_DEFAULTS.maxReadRequestUnits,
      maxWriteRequestUnits: props.maxWriteRequestUnits ?? TABLE_LIMIT_DEFAULTS.maxWriteRequestUnits,
    };

    this.table = new Table(this, "Table", {
      // No tableName: CloudFormation generates one, so stages and stacks never collide
      // and a replacement can be created beside the old table.
      partitionKey: key(tableDefinition.partitionKey),
      sortKey: key(tableDefinition.sortKey),
      billingMode: BillingMode.PAY_PER_REQUEST,
      ...ceilings,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: tableDefinition.ttlAttribute,
      encryption: TableEncryption.DEFAULT,
      // Choice: `dev` holds only test data and is torn down with its stack (DESTROY,
      // no deletion protection). Every other stage keeps the table when the stack or
      // resource goes away (RETAIN) and refuses DeleteTable (deletion protection).
      // PITR is on in every stage.
      deletionProtection: !disposable,
      removalPolicy: disposable ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
    });

    for (const index of tableDefinition.indexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: key(index.partitionKey),
        sortKey: key(index.sortKey),
        projectionType: ProjectionType.ALL,
        ...ceilings,
      });
    }
  }
}
