import { App } from 'aws-cdk-lib';
import { PipelineStack, type Stage } from './pipeline-stack';

function stageOf(app: App): Stage {
  const stage = app.node.tryGetContext('stage') ?? 'dev';
  if (stage !== 'dev' && stage !== 'prod') throw new Error(`context "stage" must be dev or prod, got ${String(stage)}`);
  return stage;
}

const app = new App();
const stage = stageOf(app);
new PipelineStack(app, `PipelineTracker-${stage}`, {
  stage,
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
});
app.synth();
