// The CDK app. Context: `stage` (dev | prod), optionally `jwtIssuer` and `jwtAudience` (comma
// separated) to use an existing OIDC issuer instead of the stack's Cognito user pool. The city is
// CITY_CONFIG_JSON's (Lianyungang by default). The web app must be built first (web/dist, `npm run
// build:web`). cdk-nag's AWS Solutions checks run on every synth.
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { loadCityConfig } from '../shared/domain/city-config';
import type { ExternalIssuer } from './http-api';
import { PipelineStack, type Stage } from './pipeline-stack';
import { WebBuildMissingError } from './web-app';

export function stageOf(app: App): Stage {
  const stage: unknown = app.node.tryGetContext('stage') ?? 'dev';
  if (stage !== 'dev' && stage !== 'prod') throw new Error(`context "stage" must be dev or prod, got ${String(stage)}`);
  return stage;
}

export function externalIssuerOf(app: App): ExternalIssuer | undefined {
  const issuer: unknown = app.node.tryGetContext('jwtIssuer');
  if (issuer === undefined) return undefined;
  const audience = String(app.node.tryGetContext('jwtAudience') ?? '')
    .split(',')
    .map((a) => a.trim())
    .filter(Boolean);
  if (typeof issuer !== 'string' || !issuer.startsWith('https://') || audience.length === 0) {
    throw new Error('context "jwtIssuer" must be an https:// issuer URL, with "jwtAudience" naming at least one audience');
  }
  return { issuer, audience };
}

export function buildApp(app: App, options: { webDistPath?: string } = {}): PipelineStack {
  const stage = stageOf(app);
  const stack = new PipelineStack(app, `PipelineTracker-${stage}`, {
    stage,
    config: loadCityConfig(),
    externalIssuer: externalIssuerOf(app),
    webDistPath: options.webDistPath,
    env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return stack;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const app = new App();
  try {
    buildApp(app);
  } catch (error) {
    if (!(error instanceof WebBuildMissingError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
  app.synth();
}
