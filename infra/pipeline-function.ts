// Every Lambda function of the stack: bundled by the local esbuild with infra/bundling.ts's settings
// (ESM, minified, tree-shaken, split into what loads at init and chunks loaded on first use, source
// maps beside them), arm64 on Node.js 24, JSON logs to its own log group with a retention,
// Powertools' service name and metrics namespace, and a role of its own that may write only to that
// log group until the stack grants it exactly what the function uses.
import { AssetHashType, DockerImage, Duration, type ILocalBundling, RemovalPolicy } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Code, Function as LambdaFunction, LoggingFormat, Runtime } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { CityConfig } from '../shared/domain/city-config';
import { metricsNamespace } from '../shared/platform/metrics';
import { buildSync } from 'esbuild';
import { BUNDLE_ENTRY_FILE, BUNDLE_ROOT, esbuildOptions, FUNCTION_ENTRY, type FunctionName } from './bundling';

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
  readonly fn: LambdaFunction;

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
    this.fn = new LambdaFunction(this, 'Function', {
      functionName,
      role,
      code: bundledCode(props.name),
      handler: `${BUNDLE_ENTRY_FILE.replace(/\.mjs$/, '')}.handler`,
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
    });
  }
}

/**
 * A function's code: its handler bundled whole (the AWS SDK included, so Lambda runs the versions
 * the tests ran) by the local esbuild. Not NodejsFunction: it writes one file (`--outfile`), and
 * the chunks loaded on first use need esbuild's splitting, which writes a folder.
 */
function bundledCode(name: FunctionName): Code {
  return Code.fromAsset(BUNDLE_ROOT, {
    // Hashed by what is deployed, not by the repository's files (node_modules included).
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      // Never used: the local esbuild always bundles, and fails synth when it cannot.
      image: DockerImage.fromRegistry('public.ecr.aws/sam/build-nodejs24.x'),
      local: new LocalEsbuild(FUNCTION_ENTRY(name)),
    },
  });
}

class LocalEsbuild implements ILocalBundling {
  /** A field, not only a closure: CDK caches bundles by their options' JSON, so each function's must differ. */
  constructor(readonly entry: string) {}

  tryBundle(outputDir: string): boolean {
    buildSync({ ...esbuildOptions(this.entry, outputDir), logLevel: 'error' });
    return true;
  }
}
