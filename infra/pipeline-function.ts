// Every Lambda function of the stack: a NodejsFunction bundled by the local esbuild (ESM, minified,
// tree-shaken, a source map beside it), arm64 on Node.js 24, JSON logs to its own log group with a retention,
// Powertools' service name and metrics namespace, and a role of its own that may write only to that
// log group until the stack grants it exactly what the function uses.
import { join } from 'node:path';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, LoggingFormat, Runtime } from 'aws-cdk-lib/aws-lambda';
import { LogLevel, NodejsFunction, OutputFormat, SourceMapMode } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { CityConfig } from '../shared/domain/city-config';
import { metricsNamespace } from '../shared/platform/metrics';
import { BUNDLE_ALIASES, ESM_MAIN_FIELDS, ESM_REQUIRE_BANNER, FUNCTION_ENTRY, type FunctionName, NODE_TARGET } from './bundling';

const ROOT = join(import.meta.dirname, '..');

export interface PipelineFunctionProps {
  stage: string;
  /** The handler's file under functions/, without extension, e.g. `rollup`. */
  name: FunctionName;
  environment?: Record<string, string>;
  timeout?: Duration;
  memorySize?: number;
  /** Caps the function's concurrent executions, reserving them out of the account's quota. */
  reservedConcurrentExecutions?: number;
  retain: boolean;
  /** The city the functions serve, as they will read it (CITY_CONFIG_JSON). */
  config: CityConfig;
}

export class PipelineFunction extends Construct {
  readonly fn: NodejsFunction;

  constructor(scope: Construct, id: string, props: PipelineFunctionProps) {
    super(scope, id);
    const functionName = `pipeline-${props.name}-${props.stage}`;
    const logGroup = new LogGroup(this, 'Logs', {
      logGroupName: `/aws/lambda/${functionName}`,
      retention: props.retain ? RetentionDays.ONE_YEAR : RetentionDays.ONE_MONTH,
      removalPolicy: props.retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    // Not AWSLambdaBasicExecutionRole: that one may write to any log group.
    const role = new Role(this, 'Role', { roleName: functionName, assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    logGroup.grantWrite(role);
    this.fn = new NodejsFunction(this, 'Function', {
      functionName,
      role,
      entry: FUNCTION_ENTRY(props.name),
      handler: 'handler',
      projectRoot: ROOT,
      depsLockFilePath: join(ROOT, 'package-lock.json'),
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(30),
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      logGroup,
      loggingFormat: LoggingFormat.JSON,
      environment: {
        // No --enable-source-maps: it parses the map on every cold start. A logged error's stack is
        // mapped to the TypeScript source when it is logged (shared/platform/source-maps.ts).
        POWERTOOLS_SERVICE_NAME: props.name,
        POWERTOOLS_METRICS_NAMESPACE: metricsNamespace(props.stage),
        CITY_CONFIG_JSON: JSON.stringify(props.config),
        ...props.environment,
      },
      bundling: {
        // Bundled whole (the AWS SDK included) so Lambda runs the versions the tests ran.
        externalModules: [],
        minify: true,
        sourceMap: true,
        sourceMapMode: SourceMapMode.DEFAULT,
        target: NODE_TARGET,
        format: OutputFormat.ESM,
        mainFields: ESM_MAIN_FIELDS,
        banner: ESM_REQUIRE_BANNER,
        esbuildArgs: Object.fromEntries(Object.entries(BUNDLE_ALIASES).map(([from, to]) => [`--alias:${from}`, to])),
        forceDockerBundling: false,
        // Quiet synth: esbuild's size warnings about the bundled SDK are expected.
        logLevel: LogLevel.ERROR,
      },
    });
  }
}
