// The single table, built from the shared definition the local runtime also uses.
import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, Billing, ProjectionType, StreamViewType, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, type IGrantable } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
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
   * Grants item actions on the table and, with `queryIndexes`, Query on each index by name: no
   * `index/*` wildcard, and no index access for a function that does not query one.
   */
  grantTo(grantee: IGrantable, actions: readonly `dynamodb:${string}`[], options: { queryIndexes?: boolean } = {}): void {
    grantee.grantPrincipal.addToPrincipalPolicy(new PolicyStatement({ actions: [...actions], resources: [this.table.tableArn] }));
    if (options.queryIndexes) {
      grantee.grantPrincipal.addToPrincipalPolicy(
        new PolicyStatement({
          actions: ['dynamodb:Query'],
          resources: GLOBAL_SECONDARY_INDEXES.map((gsi) => `${this.table.tableArn}/index/${gsi.indexName}`),
        }),
      );
    }
  }
}
