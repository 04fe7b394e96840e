// Background imports: POST /imports writes a register's rows as chunk items; each new chunk reaches
// the import worker through the table's stream (filtered to chunks), which signs its rows and
// counts them into the job. A chunk that keeps failing goes to the failure queue, so the shard
// keeps moving; the job then never reaches "done", which its alarm makes someone look at.
import { Duration } from 'aws-cdk-lib';
import { FilterCriteria, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { CityConfig } from '../shared/domain/city-config';
import { IMPORT_CHUNK_INSERT_FILTER } from '../shared/store/stream-filter';
import { secureQueue } from './event-pipeline';
import { PipelineFunction } from './pipeline-function';
import type { PipelineTable } from './pipeline-table';

export interface ImportWorkerProps {
  stage: string;
  table: PipelineTable;
  retain: boolean;
  config: CityConfig;
}

export class ImportWorker extends Construct {
  readonly worker: PipelineFunction;
  readonly failures: Queue;

  constructor(scope: Construct, id: string, props: ImportWorkerProps) {
    super(scope, id);
    const { stage, table } = props;
    this.failures = secureQueue(this, 'Failures', {
      queueName: `pipeline-import-failures-${stage}`,
      deadLettersOf: 'the stream → import worker event source (on-failure destination)',
    });
    this.worker = new PipelineFunction(this, 'Worker', {
      stage,
      name: 'import-worker',
      retain: props.retain,
      config: props.config,
      memorySize: 1024,
      // A chunk of 200 rows signs in a few seconds; the margin is for a slow table.
      timeout: Duration.minutes(2),
      environment: { TABLE_NAME: table.table.tableName },
    });
    // Signs projects (reads them, writes each with its event); records the chunks' results.
    table.grantTo(this.worker.fn, ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'], ['project', 'import']);
    this.worker.fn.addEventSource(
      new DynamoEventSource(table.table, {
        startingPosition: StartingPosition.TRIM_HORIZON,
        // One chunk per invocation, up to 5 at once per shard: a 20,000-row register is 100 chunks.
        batchSize: 1,
        parallelizationFactor: 5,
        retryAttempts: 5,
        maxRecordAge: Duration.hours(6),
        reportBatchItemFailures: true,
        onFailure: new SqsDlq(this.failures),
        filters: [FilterCriteria.filter(IMPORT_CHUNK_INSERT_FILTER)],
      }),
    );
  }
}
