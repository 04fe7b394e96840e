// The web app in AWS: the built files (web/dist) in a private S3 bucket, served by CloudFront
// through Origin Access Control, HTTPS only, with security headers (a CSP that allows the app's own
// files and the API and sign-in endpoints only), the SPA fallback to index.html, a year's caching
// for the hashed files under assets/, and config.json written at deploy time (see
// shared/platform/web-config.ts).
//
// Paths: as with `npm start`, the build's base is /app/, so index.html, config.json and assets/
// sit under the app/ key prefix and `/` redirects to /app/, which is also where sign-in and sign-out
// return. Any path S3 does not have (a page such as /app/projects/x) gets /app/index.html, and the
// app's router takes it from there.
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { DefaultStackSynthesizer, Duration, RemovalPolicy, Stack, Token, Validations } from 'aws-cdk-lib';
import {
  AllowedMethods,
  type BehaviorOptions,
  CachePolicy,
  Distribution,
  Function as EdgeFunction,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  PriceClass,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, CacheControl, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { WEB_APP_PATH, WEB_CONFIG_FILE, type WebConfig } from '../shared/platform/web-config';

/** The build's base is /app/ (web/vite.config.ts): its files sit under this key prefix. */
const APP_PREFIX = WEB_APP_PATH.slice(1);

/** The build is not there: synth stops with this one line. */
export class WebBuildMissingError extends Error {
  constructor(distPath: string) {
    const shown = relative(process.cwd(), distPath) || distPath;
    super(`The web app is not built: ${join(shown, 'index.html')} is missing. Run \`npm run build:web\` first.`);
    this.name = 'WebBuildMissingError';
  }
}

/** Stops (WebBuildMissingError) unless `distPath` holds a build. */
export function assertWebBuilt(distPath: string): void {
  if (!existsSync(join(distPath, 'index.html'))) throw new WebBuildMissingError(distPath);
}

export interface WebAppProps {
  stage: string;
  /** Production keeps the bucket (RETAIN) and its files; a dev stage is removed with them. */
  retain: boolean;
  /** The built app (Vite's output): index.html and assets/, copied as they are. */
  distPath: string;
  /**
   * What the app may call besides its own origin (the CSP's connect-src): the API and the sign-in
   * endpoints. Sources, not URLs: `https://host` or `https://*.host`.
   */
  connectSources: string[];
}

/**
 * The Content-Security-Policy: nothing but the app's own files, and calls to its own origin and
 * `connectSources`. Vite's build has no inline script and needs no eval (templates are compiled).
 */
export function contentSecurityPolicy(connectSources: string[]): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    // Element Plus sets inline styles (style attributes) on its popups, tables and dialogs.
    "style-src 'self' 'unsafe-inline'",
    // Vite inlines files under 4 KB (icons, fonts) as data: URLs; an image or font cannot run script.
    "img-src 'self' data:",
    "font-src 'self' data:",
    `connect-src 'self' ${connectSources.join(' ')}`,
    "manifest-src 'self'",
    "base-uri 'self'",
    "form-action 'self'",
    "object-src 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Hashed build files are never rewritten (a new build has new names): a year, at the edge and in the browser. */
const ASSETS_MAX_AGE = Duration.days(365);

export class WebApp extends Construct {
  readonly bucket: Bucket;
  readonly distribution: Distribution;
  readonly headers: ResponseHeadersPolicy;
  /** `https://<distribution domain>`: the API's CORS allows exactly this origin. */
  readonly origin: string;
  /** `https://<distribution domain>/app/`: the app, and where sign-in and sign-out return. */
  readonly appUrl: string;
  private readonly props: WebAppProps;

  constructor(scope: Construct, id: string, props: WebAppProps) {
    super(scope, id);
    assertWebBuilt(props.distPath);
    this.props = props;
    const { stage } = props;

    // Not versioned: every file is the build of a commit, and deploying that commit again restores it.
    this.bucket = new Bucket(this, 'Files', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: false,
      removalPolicy: props.retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      // A dev stack's bucket is emptied, so that it can go with the stack.
      autoDeleteObjects: !props.retain,
    });
    Validations.of(this.bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'Only the distribution reads this bucket (OAC) and only the deployment writes it; its files are the public build, the same for every visitor. Data requests are logged by the API’s access log with the caller’s sub.',
    });

    this.headers = new ResponseHeadersPolicy(this, 'Headers', {
      responseHeadersPolicyName: `pipeline-web-${stage}`,
      comment: `Project pipeline tracker web app (${stage}): security headers`,
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy: contentSecurityPolicy(props.connectSources), override: true },
        strictTransportSecurity: { accessControlMaxAge: Duration.days(730), includeSubdomains: true, override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        // The app's URLs name projects and, once, carry the sign-in code: no other site needs them.
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.NO_REFERRER, override: true },
      },
    });

    const assetsCache = new CachePolicy(this, 'AssetsCache', {
      cachePolicyName: `pipeline-web-assets-${stage}`,
      comment: 'Hashed build files (assets/*): kept a year at the edge',
      minTtl: ASSETS_MAX_AGE,
      defaultTtl: ASSETS_MAX_AGE,
      maxTtl: ASSETS_MAX_AGE,
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    });

    // `/` → `/app/`, as `npm start` does.
    const toApp = new EdgeFunction(this, 'RootToApp', {
      functionName: `pipeline-web-root-${stage}`,
      comment: `Redirects / to ${WEB_APP_PATH}`,
      runtime: FunctionRuntime.JS_2_0,
      code: FunctionCode.fromInline(
        [
          'function handler(event) {',
          "  if (event.request.uri === '/') {",
          `    return { statusCode: 302, statusDescription: 'Found', headers: { location: { value: '${WEB_APP_PATH}' } } };`,
          '  }',
          '  return event.request;',
          '}',
        ].join('\n'),
      ),
    });

    const origin = S3BucketOrigin.withOriginAccessControl(this.bucket);
    const behavior = (cachePolicy: BehaviorOptions['cachePolicy']): BehaviorOptions => ({
      origin,
      viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
      compress: true,
      cachePolicy,
      responseHeadersPolicy: this.headers,
    });
    this.distribution = new Distribution(this, 'Distribution', {
      comment: `Project pipeline tracker web app (${stage})`,
      httpVersion: HttpVersion.HTTP2_AND_3,
      // North America and Europe, and the Asian edges nearest the city (Hong Kong, Japan, Singapore, …).
      priceClass: PriceClass.PRICE_CLASS_200,
      defaultBehavior: {
        ...behavior(CachePolicy.CACHING_OPTIMIZED),
        functionAssociations: [{ eventType: FunctionEventType.VIEWER_REQUEST, function: toApp }],
      },
      additionalBehaviors: {
        [`${APP_PREFIX}assets/*`]: behavior(assetsCache),
        // The app's entry and its settings change with every deploy: always from the bucket.
        [`${APP_PREFIX}index.html`]: behavior(CachePolicy.CACHING_DISABLED),
        [`${APP_PREFIX}${WEB_CONFIG_FILE}`]: behavior(CachePolicy.CACHING_DISABLED),
      },
      // S3 answers 403 for a key it does not have (the distribution may not list the bucket).
      errorResponses: [403, 404].map((httpStatus) => ({
        httpStatus,
        responseHttpStatus: 200,
        responsePagePath: `${WEB_APP_PATH}index.html`,
        ttl: Duration.seconds(0),
      })),
    });
    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR1',
      reason:
        'No geo restriction: the bureau’s staff sign in from wherever they are, investment promotion trips abroad included; the files are the public build, and every data request needs a Cognito sign-in with MFA. A policy of mainland-only access would add an allowlist here.',
    });
    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR2',
      reason:
        'No WAF: the distribution serves static files only; the API authenticates every data request and is throttled (50 rps). A web ACL costs about $5 a month plus $1 per rule and $0.60 per million requests, and must live in us-east-1. Abuse of the site, or a security level that requires a WAF, would add one.',
    });
    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR3',
      reason:
        'No CloudFront access logs: every visitor gets the same public files; who read or changed what is in the API’s access log (with the caller’s sub) and the table’s event history. A requirement to log page loads would add standard logging to CloudWatch Logs.',
    });
    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR4',
      reason:
        'The distribution uses its cloudfront.net name and CloudFront’s default certificate, whose minimum TLS version cannot be raised. A custom domain with an ACM certificate (us-east-1) and TLSv1.2_2021 removes this finding.',
    });

    this.origin = `https://${this.distribution.distributionDomainName}`;
    this.appUrl = `${this.origin}${WEB_APP_PATH}`;
  }

  /**
   * Deploys the build with the stack, and `config.json` with the values only a deploy knows (the
   * API's URL, the app client's id). The hashed assets go first and stay (an open tab of the
   * previous build can still load its chunks); then index.html and config.json, which replace the
   * previous ones, are served without caching and invalidated at the edge.
   */
  deploy(config: WebConfig): void {
    const { stage, retain, distPath } = this.props;
    const logGroup = new LogGroup(this, 'DeployLogs', {
      logGroupName: `/aws/lambda/pipeline-web-deploy-${stage}`,
      retention: retain ? RetentionDays.ONE_YEAR : RetentionDays.ONE_MONTH,
      removalPolicy: retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    // Not AWSLambdaBasicExecutionRole: that one may write to any log group.
    const role = new Role(this, 'DeployRole', {
      roleName: `pipeline-web-deploy-${stage}`,
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
    });
    logGroup.grantWrite(role);
    const common = { destinationBucket: this.bucket, role, logGroup };

    const assetsPath = join(distPath, 'assets');
    const assets = existsSync(assetsPath)
      ? new BucketDeployment(this, 'DeployAssets', {
          ...common,
          sources: [Source.asset(assetsPath)],
          destinationKeyPrefix: `${APP_PREFIX}assets/`,
          prune: false,
          cacheControl: [CacheControl.setPublic(), CacheControl.maxAge(ASSETS_MAX_AGE), CacheControl.immutable()],
        })
      : undefined;
    const site = new BucketDeployment(this, 'DeploySite', {
      ...common,
      sources: [Source.asset(distPath, { exclude: ['assets'] }), Source.jsonData(WEB_CONFIG_FILE, config, { escape: true })],
      destinationKeyPrefix: APP_PREFIX,
      // Neither uploaded nor pruned here: the assets deployment owns assets/.
      exclude: ['assets/*'],
      cacheControl: [CacheControl.noCache()],
      distribution: this.distribution,
      distributionPaths: [`${WEB_APP_PATH}index.html`, `${WEB_APP_PATH}${WEB_CONFIG_FILE}`],
    });
    if (assets) site.node.addDependency(assets);

    const stack = Stack.of(this);
    // BucketDeployment's handler, one per stack (a singleton at the stack's root).
    for (const handler of stack.node.children.filter((c) => c.node.id.startsWith('Custom::CDKBucketDeployment'))) {
      Validations.of(handler).acknowledge({
        id: 'AwsSolutions-L1',
        reason:
          'BucketDeployment’s own handler (the AWS CLI’s s3 sync, on the Python runtime aws-cdk-lib pins); it follows the aws-cdk-lib version.',
      });
    }
    const bucketArn = stack.getLogicalId(this.bucket.node.defaultChild as never);
    // The CDK asset bucket as cdk-nag names it: account and region are literal once `cdk deploy` knows them.
    const qualifier =
      (stack.synthesizer instanceof DefaultStackSynthesizer && stack.synthesizer.bootstrapQualifier) ||
      DefaultStackSynthesizer.DEFAULT_QUALIFIER;
    const shown = (value: string, pseudo: string) => (Token.isUnresolved(value) ? `<AWS::${pseudo}>` : value);
    const assetBucket = `cdk-${qualifier}-assets-${shown(stack.account, 'AccountId')}-${shown(stack.region, 'Region')}`;
    // BucketDeployment's grants to its handler's role, a role of the web deployment's own.
    for (const [finding, reason] of [
      ['Action::s3:GetObject*', 'It reads the build from the asset bucket, and the web bucket’s files to compare them.'],
      ['Action::s3:GetBucket*', 'It reads the buckets’ location and settings to sync.'],
      ['Action::s3:List*', 'It lists the buckets to sync (and prune) the web bucket.'],
      ['Action::s3:DeleteObject*', 'It prunes the files the new build no longer has.'],
      ['Action::s3:Abort*', 'It aborts its own failed multipart uploads.'],
      [`Resource::<${bucketArn}.Arn>/*`, 'Any file of the web bucket (the whole bucket is the site), no other bucket’s.'],
      [`Resource::arn:<AWS::Partition>:s3:::${assetBucket}/*`, 'It reads the build from the CDK asset bucket.'],
      ['Resource::*', 'cloudfront:CreateInvalidation and GetInvalidation, which BucketDeployment grants on any distribution.'],
    ] as const) {
      Validations.of(role).acknowledge({ id: `AwsSolutions-IAM5[${finding}]`, reason: `The web deployment’s role: ${reason}` });
    }
  }
}
