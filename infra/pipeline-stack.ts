// The production stack. Account and region come from the deploying environment, never from code.
import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { PipelineTable } from './pipeline-table';

export type Stage = 'dev' | 'prod';

export interface PipelineStackProps extends StackProps {
  stage: Stage;
}

export class PipelineStack extends Stack {
  readonly table: PipelineTable;

  constructor(scope: Construct, id: string, props: PipelineStackProps) {
    super(scope, id, props);
    this.table = new PipelineTable(this, 'Pipeline', {
      tableName: `pipeline-tracker-${props.stage}`,
      retain: props.stage === 'prod',
    });
  }
}
