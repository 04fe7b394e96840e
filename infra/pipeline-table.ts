// The single table, built from the shared definition the local runtime also uses.
import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, Billing, ProjectionType, StreamViewType, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, type IGrantable } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { INDEX_PARTITION_PREFIXES, PARTITION_PREFIXES, type PartitionItemType } from '../shared/store/keys';
import { GLOBAL_SECONDARY_INDEXES, TABLE_DEFINITION } from '../shared/store/table-definition';

export interface PipelineTableProps {
  tableName: string;
  /** Production keeps the table (RETAIN, deletion protection); a dev stage may be torn down. */
  retain: boolean;
}

export class PipelineTable extends Construct {
  readonly table: TableV2;

  constructor(scope: Construct, id: string, props: PipelineTableProps) {
    super(scope, id);
    const d = TABLE_DEFINITION;
    this.table = new TableV2(this, 'Table', {
      tableName: props.tableName,
      partitionKey: { name: d.partitionKey, type: AttributeType.STRING },
      sortKey: { name: d.sortKey, type: AttributeType.STRING },
      billing: Billing.onDemand(),
      globalSecondaryIndexes: GLOBAL_SECONDARY_INDEXES.map((gsi) => ({
        indexName: gsi.indexName,
        partitionKey: { name: gsi.partitionKey, type: AttributeType.STRING },
        sortKey: { name: gsi.sortKey, type: AttributeType.STRING },
        projectionType: ProjectionType.ALL,
      })),
      dynamoStream: StreamViewType[d.streamViewType],
      timeToLiveAttribute: d.ttlAttribute,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: props.retain,
      removalPolicy: props.retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
  }

  /**
   * Grants item actions on the table, confined to the partitions of the given item types, and with
   * `queryIndexes`, Query on each index by name, confined to that index's partitions: no
   * `index/*` wildcard, and no index access for a function that does not query one.
   */
  grantTo(
    grantee: IGrantable,
    actions: readonly KeyedAction[],
    itemTypes: readonly PartitionItemType[],
    options: { queryIndexes?: boolean } = {},
  ): void {
    const prefixes = itemTypes.flatMap((type) => PARTITION_PREFIXES[type]);
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({ actions: [...actions], resources: [this.table.tableArn], conditions: onlyPartitions(prefixes) }),
    );
    if (options.queryIndexes) {
      for (const gsi of GLOBAL_SECONDARY_INDEXES) {
        grantee.grantPrincipal.addToPrincipalPolicy(
          new PolicyStatement({
            actions: ['dynamodb:Query'],
            resources: [`${this.table.tableArn}/index/${gsi.indexName}`],
            conditions: onlyPartitions(INDEX_PARTITION_PREFIXES[gsi.indexName]),
          }),
        );
      }
    }
  }

  /**
   * Scan on the table, unconfined: a Scan names no partition, so there is no dynamodb:LeadingKeys
   * to check (ForAllValues over no keys is true) and it reads every item of every type.
   */
  grantScanTo(grantee: IGrantable): void {
    grantee.grantPrincipal.addToPrincipalPolicy(new PolicyStatement({ actions: ['dynamodb:Scan'], resources: [this.table.tableArn] }));
  }
}

/** The actions whose requests name the partitions they touch, so dynamodb:LeadingKeys confines them. */
type KeyedAction = 'dynamodb:GetItem' | 'dynamodb:Query' | 'dynamodb:PutItem' | 'dynamodb:UpdateItem' | 'dynamodb:BatchWriteItem';

/**
 * Only partitions whose key starts with one of the prefixes. For a Query on an index the leading
 * key is the index's partition key. A transaction's items are each checked as their own action.
 */
function onlyPartitions(prefixes: readonly string[]) {
  return { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': prefixes.map((prefix) => `${prefix}*`) } };
}
