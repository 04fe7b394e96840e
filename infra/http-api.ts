// The HTTP API: every route behind a JWT authorizer except GET /openapi.json. The issuer is a
// Cognito user pool the stack creates, with the role groups (admin, bureau, viewer, district:<code>),
// or an existing OIDC issuer given by context (`jwtIssuer`, `jwtAudience`).
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { type CfnRoute, type CfnStage, HttpApi, HttpMethod, HttpNoneAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { AccountRecovery, CfnUserPoolGroup, Mfa, UserPool, type UserPoolClient } from 'aws-cdk-lib/aws-cognito';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { CityConfig } from '../shared/domain/city-config';
import { PipelineFunction } from './pipeline-function';
import type { PipelineTable } from './pipeline-table';

/**
 * POST /projects/import, requests per second and burst. An import may run the function's full 29 s:
 * at the stage's 50 rps, imports alone could hold about 1,450 executions. A district imports a
 * spreadsheet a few times a day; one a second, for the whole city, keeps imports to about 30 in flight.
 */
const IMPORT_THROTTLE = { rateLimit: 1, burstLimit: 2 };

/**
 * The API function's executions at most: ~30 for imports at their throttle and ~20 for the other
 * routes (50 rps of 100–300 ms reads and writes need about 15). Reserving them caps the API, so it
 * cannot take the concurrency the publish, rollup, digest and reconcile functions need from the
 * account's shared pool. Lambda keeps at least 100 executions unreserved, so the account's quota
 * must be at least 150 to deploy: a new account may start with far less than the usual 1,000
 * (as low as 10); ask for an increase (Service Quotas, "Concurrent executions") before deploying.
 */
const API_RESERVED_CONCURRENCY = 50;

/**
 * The routes to the function: every method but OPTIONS. A browser's CORS preflight is an OPTIONS
 * request without a token; matching no route, it is answered by API Gateway from the CORS
 * configuration. An ANY route would take it to the JWT authorizer, which refuses it (401), and the
 * browser would then refuse the request itself.
 */
const PROXY_METHODS = [HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE, HttpMethod.HEAD];

export interface ExternalIssuer {
  issuer: string;
  audience: string[];
}

export interface PipelineApiProps {
  stage: string;
  table: PipelineTable;
  config: CityConfig;
  retain: boolean;
  /** Use this OIDC issuer instead of creating a Cognito user pool. */
  externalIssuer?: ExternalIssuer;
}

/** The groups the API's roles come from (`cognito:groups`). */
export function roleGroups(config: CityConfig): string[] {
  return ['admin', 'bureau', 'viewer', ...config.districts.map((d) => `district:${d.code}`)];
}

export class PipelineApi extends Construct {
  readonly httpApi: HttpApi;
  readonly api: PipelineFunction;
  readonly userPool?: UserPool;
  readonly userPoolClient?: UserPoolClient;

  constructor(scope: Construct, id: string, props: PipelineApiProps) {
    super(scope, id);
    const { stage, table } = props;

    this.api = new PipelineFunction(this, 'Api', {
      stage,
      name: 'api',
      retain: props.retain,
      config: props.config,
      memorySize: 1024,
      timeout: Duration.seconds(29),
      reservedConcurrentExecutions: API_RESERVED_CONCURRENCY,
      environment: { TABLE_NAME: table.table.tableName },
    });
    // Reads what the routes show (POST /digests composes from the rollups and indexes); writes
    // projects with their events, targets and digests, never the pipeline's rollups or markers.
    table.grantTo(this.api.fn, ['dynamodb:GetItem', 'dynamodb:Query'], ['project', 'rollup', 'targets', 'digest'], { queryIndexes: true });
    table.grantTo(this.api.fn, ['dynamodb:PutItem', 'dynamodb:UpdateItem'], ['project', 'targets', 'digest']);

    let issuer: ExternalIssuer;
    if (props.externalIssuer) {
      issuer = props.externalIssuer;
    } else {
      this.userPool = new UserPool(this, 'Users', {
        userPoolName: `pipeline-users-${stage}`,
        selfSignUpEnabled: false,
        signInAliases: { email: true },
        mfa: Mfa.REQUIRED,
        mfaSecondFactor: { otp: true, sms: false },
        passwordPolicy: { minLength: 12, requireDigits: true, requireLowercase: true, requireUppercase: true, requireSymbols: true },
        accountRecovery: AccountRecovery.EMAIL_ONLY,
        deletionProtection: props.retain,
        removalPolicy: props.retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      });
      Validations.of(this.userPool).acknowledge({
        id: 'AwsSolutions-COG8',
        reason:
          'A few dozen bureau and district staff, created by an admin (no self sign-up), with MFA required; the Plus tier’s threat protection is priced per user and not needed at that scale.',
      });
      for (const group of roleGroups(props.config)) {
        new CfnUserPoolGroup(this, `Group-${group.replace(':', '-')}`, { userPoolId: this.userPool.userPoolId, groupName: group });
      }
      this.userPoolClient = this.userPool.addClient('WebClient', {
        userPoolClientName: `pipeline-web-${stage}`,
        authFlows: { userSrp: true },
        generateSecret: false,
        preventUserExistenceErrors: true,
        accessTokenValidity: Duration.hours(1),
        idTokenValidity: Duration.hours(1),
        refreshTokenValidity: Duration.days(7),
      });
      issuer = {
        issuer: `https://cognito-idp.${this.userPool.stack.region}.amazonaws.com/${this.userPool.userPoolId}`,
        audience: [this.userPoolClient.userPoolClientId],
      };
    }

    const authorizer = new HttpJwtAuthorizer('Jwt', issuer.issuer, {
      authorizerName: `pipeline-jwt-${stage}`,
      jwtAudience: issuer.audience,
    });
    const integration = new HttpLambdaIntegration('Api', this.api.fn);
    this.httpApi = new HttpApi(this, 'HttpApi', { apiName: `pipeline-api-${stage}`, defaultAuthorizer: authorizer });
    this.httpApi.addRoutes({ path: '/{proxy+}', methods: PROXY_METHODS, integration });
    // A route of its own, with the same authorizer and function, so the stage can throttle it apart.
    const [importRoute] = this.httpApi.addRoutes({ path: '/projects/import', methods: [HttpMethod.POST], integration });
    const [openApiRoute] = this.httpApi.addRoutes({
      path: '/openapi.json',
      methods: [HttpMethod.GET],
      integration,
      authorizer: new HttpNoneAuthorizer(),
    });
    Validations.of(openApiRoute!).acknowledge({
      id: 'AwsSolutions-APIG4',
      reason:
        'GET /openapi.json is public by design: it is the API’s description (routes and schemas), no data; every other route has the JWT authorizer.',
    });

    // Access logs, a throttle on the default stage and a tighter one on the import route.
    const accessLogs = new LogGroup(this, 'AccessLogs', {
      logGroupName: `/aws/apigateway/pipeline-api-${stage}`,
      retention: props.retain ? RetentionDays.ONE_YEAR : RetentionDays.ONE_MONTH,
      removalPolicy: props.retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    const stageResource = this.httpApi.defaultStage!.node.defaultChild as CfnStage;
    stageResource.accessLogSettings = {
      destinationArn: accessLogs.logGroupArn,
      format: JSON.stringify({
        requestId: '$context.requestId',
        ip: '$context.identity.sourceIp',
        sub: '$context.authorizer.claims.sub',
        method: '$context.httpMethod',
        path: '$context.path',
        status: '$context.status',
        latencyMs: '$context.responseLatency',
        error: '$context.authorizer.error',
      }),
    };
    stageResource.defaultRouteSettings = { throttlingRateLimit: 50, throttlingBurstLimit: 100 };
    // routeSettings is untyped JSON, passed to CloudFormation as written: its property names. The
    // stage must come after the route, or API Gateway cannot find the route by its key.
    stageResource.routeSettings = {
      [(importRoute!.node.defaultChild as CfnRoute).routeKey]: {
        ThrottlingRateLimit: IMPORT_THROTTLE.rateLimit,
        ThrottlingBurstLimit: IMPORT_THROTTLE.burstLimit,
      },
    };
    stageResource.node.addDependency(importRoute!);
  }
}
