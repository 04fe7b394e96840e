// The HTTP API: every route behind a JWT authorizer except GET /openapi.json. The issuer is a
// Cognito user pool the stack creates, with the role groups (admin, bureau, viewer, district:<code>)
// and managed login for the web app, or an existing OIDC issuer given by context (`jwtIssuer`,
// `jwtAudience`). Browsers may call it from the web app's origin only (CORS).
import { Duration, Fn, RemovalPolicy, type Stack, Validations } from 'aws-cdk-lib';
import { type CfnRoute, type CfnStage, CorsHttpMethod, HttpApi, HttpMethod, HttpNoneAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import {
  AccountRecovery,
  CfnManagedLoginBranding,
  CfnUserPoolGroup,
  ManagedLoginVersion,
  Mfa,
  OAuthScope,
  UserPool,
  type UserPoolClient,
  UserPoolClientIdentityProvider,
  type UserPoolDomain,
} from 'aws-cdk-lib/aws-cognito';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { CityConfig } from '../shared/domain/city-config';
import { routeTable } from '../shared/http/api';
import { PipelineFunction } from './pipeline-function';
import type { PipelineTable } from './pipeline-table';

/**
 * The import routes, requests per second and burst. An import may run the function's full 29 s:
 * at the stage's 50 rps, imports alone could hold about 1,450 executions. A district imports a
 * spreadsheet a few times a day; one a second, for the whole city, keeps imports to about 30 in flight.
 */
const IMPORT_THROTTLE = { rateLimit: 1, burstLimit: 2 };
const THROTTLED_ROUTES = new Set(['POST /projects/import', 'POST /imports']);

/**
 * The spreadsheets function's executions at most: imports at their throttle (about 30 in flight)
 * and a few exports, each a second or two.
 */
const SPREADSHEETS_RESERVED_CONCURRENCY = 40;

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

/** The web app, as the API and the sign-in settings see it. */
export interface WebClientSettings {
  /** `https://<distribution domain>`: the only origin CORS allows. */
  origin: string;
  /** The app's address (`…/app/`), where digests link. */
  appUrl: string;
  /** Where managed login returns with the code, and where sign-out lands. */
  redirectUri: string;
  signOutUri: string;
  /** The managed login domain's prefix (`signInDomainPrefix`). */
  signInDomainPrefix: string;
}

/**
 * The managed login domain's prefix: the stage and the first 8 hex digits of the stack's id.
 * Prefixes are unique per region across all accounts, so the stage alone would clash with another
 * deployment of this project; the stack's id is unique, and stable for the stack's life. Known
 * before the domain exists, so the web app's CSP can name it without depending on it.
 */
export function signInDomainPrefix(stack: Stack, stage: string): string {
  const stackUuid = Fn.select(2, Fn.split('/', stack.stackId));
  return `pipeline-${stage}-${Fn.select(0, Fn.split('-', stackUuid))}`;
}

/** The managed login domain's URL (what `UserPoolDomain.baseUrl()` gives for the same prefix). */
export function signInDomainUrl(stack: Stack, prefix: string): string {
  return `https://${prefix}.auth.${stack.region}.amazoncognito.com`;
}

/** Where the region's user pools issue their tokens (discovery document, keys). */
export function userPoolIssuerOrigin(stack: Stack): string {
  return `https://cognito-idp.${stack.region}.amazonaws.com`;
}

/** The user pool's issuer, the JWT authorizer's and the web app's authority. */
export function userPoolIssuer(stack: Stack, userPoolId: string): string {
  return `${userPoolIssuerOrigin(stack)}/${userPoolId}`;
}

export interface PipelineApiProps {
  stage: string;
  table: PipelineTable;
  config: CityConfig;
  retain: boolean;
  /** Use this OIDC issuer instead of creating a Cognito user pool. */
  externalIssuer?: ExternalIssuer;
  /** The web app: CORS, and the app client's redirect URLs. */
  web: WebClientSettings;
}

/** The groups the API's roles come from (`cognito:groups`). */
export function roleGroups(config: CityConfig): string[] {
  return ['admin', 'bureau', 'viewer', ...config.districts.map((d) => `district:${d.code}`)];
}

export class PipelineApi extends Construct {
  readonly httpApi: HttpApi;
  readonly api: PipelineFunction;
  /** The spreadsheet routes: import, export, the year's report workbook. */
  readonly spreadsheets: PipelineFunction;
  readonly userPool?: UserPool;
  /** The web app's client: public, authorization code with PKCE through managed login. */
  readonly userPoolClient?: UserPoolClient;
  /** Managed login: `signInDomain.baseUrl()`. */
  readonly signInDomain?: UserPoolDomain;
  /** The issuer and audiences the JWT authorizer accepts. */
  readonly issuer: ExternalIssuer;

  constructor(scope: Construct, id: string, props: PipelineApiProps) {
    super(scope, id);
    const { stage, table, web } = props;

    this.api = new PipelineFunction(this, 'Api', {
      stage,
      name: 'api',
      retain: props.retain,
      config: props.config,
      memorySize: 1024,
      timeout: Duration.seconds(29),
      reservedConcurrentExecutions: API_RESERVED_CONCURRENCY,
      environment: { TABLE_NAME: table.table.tableName, WEB_APP_URL: web.appUrl },
    });
    // Reads what the routes show (POST /digests composes from the rollups and indexes); writes
    // projects with their events, targets and digests, never the pipeline's rollups or markers.
    table.grantTo(this.api.fn, ['dynamodb:GetItem', 'dynamodb:Query'], ['project', 'rollup', 'targets', 'digest', 'import'], {
      queryIndexes: true,
    });
    table.grantTo(this.api.fn, ['dynamodb:PutItem', 'dynamodb:UpdateItem'], ['project', 'targets', 'digest']);

    this.spreadsheets = new PipelineFunction(this, 'Spreadsheets', {
      stage,
      name: 'spreadsheets',
      retain: props.retain,
      config: props.config,
      // A 20,000-row workbook is written in about 1.3 s at 1 vCPU; memory buys CPU.
      memorySize: 1769,
      timeout: Duration.seconds(29),
      reservedConcurrentExecutions: SPREADSHEETS_RESERVED_CONCURRENCY,
      environment: { TABLE_NAME: table.table.tableName },
    });
    // Reads the list and the rollups; an import signs projects (each with its event), or writes a
    // background import's job and chunks.
    table.grantTo(this.spreadsheets.fn, ['dynamodb:GetItem', 'dynamodb:Query'], ['project', 'rollup', 'targets'], { queryIndexes: true });
    table.grantTo(this.spreadsheets.fn, ['dynamodb:PutItem', 'dynamodb:UpdateItem'], ['project']);
    table.grantTo(this.spreadsheets.fn, ['dynamodb:PutItem', 'dynamodb:BatchWriteItem'], ['import']);

    if (props.externalIssuer) {
      this.issuer = props.externalIssuer;
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
      // Managed login (not the classic hosted UI): it speaks Chinese (`lang=zh-CN`), and needs a
      // style per app client, Cognito's own here.
      this.signInDomain = this.userPool.addDomain('SignIn', {
        cognitoDomain: { domainPrefix: web.signInDomainPrefix },
        managedLoginVersion: ManagedLoginVersion.NEWER_MANAGED_LOGIN,
      });
      // The web app's client. Public (a browser keeps no secret), so the code grant is protected by
      // PKCE, which the app sends: Cognito checks the code_verifier when the authorize request had
      // a code_challenge, and neither CloudFormation nor CDK has a setting to require one. No
      // implicit grant, so tokens never travel in a URL. Its id is the authorizer's audience:
      // Cognito access tokens carry it as client_id, which the authorizer checks against the
      // audience. USER_SRP_AUTH is kept as it was.
      this.userPoolClient = this.userPool.addClient('WebClient', {
        userPoolClientName: `pipeline-web-${stage}`,
        authFlows: { userSrp: true },
        generateSecret: false,
        oAuth: {
          flows: { authorizationCodeGrant: true, implicitCodeGrant: false, clientCredentials: false },
          scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE],
          callbackUrls: [web.redirectUri],
          logoutUrls: [web.signOutUri],
        },
        supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
        preventUserExistenceErrors: true,
        // An hour per access token; the refresh token lasts a working day (12 h): staff sign in,
        // with MFA, once in the morning, and a refresh token left in a shared office browser is
        // dead by the evening. The app can revoke it at sign-out (/oauth2/revoke).
        accessTokenValidity: Duration.hours(1),
        idTokenValidity: Duration.hours(1),
        refreshTokenValidity: Duration.hours(12),
        enableTokenRevocation: true,
      });
      new CfnManagedLoginBranding(this, 'SignInStyle', {
        userPoolId: this.userPool.userPoolId,
        clientId: this.userPoolClient.userPoolClientId,
        useCognitoProvidedValues: true,
      });
      this.issuer = {
        issuer: userPoolIssuer(this.userPool.stack, this.userPool.userPoolId),
        audience: [this.userPoolClient.userPoolClientId],
      };
    }

    const authorizer = new HttpJwtAuthorizer('Jwt', this.issuer.issuer, {
      authorizerName: `pipeline-jwt-${stage}`,
      jwtAudience: this.issuer.audience,
    });
    const integration = new HttpLambdaIntegration('Api', this.api.fn);
    const spreadsheetsIntegration = new HttpLambdaIntegration('Spreadsheets', this.spreadsheets.fn);
    this.httpApi = new HttpApi(this, 'HttpApi', {
      apiName: `pipeline-api-${stage}`,
      defaultAuthorizer: authorizer,
      // The web app's origin only; tokens travel in Authorization, never in cookies (no credentials).
      corsPreflight: {
        allowOrigins: [web.origin],
        allowMethods: [CorsHttpMethod.GET, CorsHttpMethod.POST, CorsHttpMethod.PUT, CorsHttpMethod.PATCH, CorsHttpMethod.OPTIONS],
        allowHeaders: ['authorization', 'content-type', 'if-match'],
        // The version a correction's If-Match needs, a new project's URL, a download's file name.
        exposeHeaders: ['etag', 'location', 'content-disposition'],
        maxAge: Duration.hours(1),
      },
    });
    this.httpApi.addRoutes({ path: '/{proxy+}', methods: PROXY_METHODS, integration });
    // The spreadsheets function's routes, from the route table; more specific than /{proxy+}, they
    // win over it. The import routes are throttled apart.
    const throttled: CfnRoute[] = [];
    for (const r of routeTable(props.config).filter((r) => r.servedBy === 'spreadsheets')) {
      const [added] = this.httpApi.addRoutes({
        path: r.gatewayPath,
        methods: [r.method as HttpMethod],
        integration: spreadsheetsIntegration,
      });
      if (THROTTLED_ROUTES.has(`${r.method} ${r.path}`)) throttled.push(added!.node.defaultChild as CfnRoute);
    }
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
    // stage must come after the routes, or API Gateway cannot find a route by its key.
    stageResource.routeSettings = Object.fromEntries(
      throttled.map((r) => [
        r.routeKey,
        { ThrottlingRateLimit: IMPORT_THROTTLE.rateLimit, ThrottlingBurstLimit: IMPORT_THROTTLE.burstLimit },
      ]),
    );
    for (const r of throttled) stageResource.node.addDependency(r);
  }
}
