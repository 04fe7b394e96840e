// The web app's hosting against the design: a private bucket only the distribution reads (OAC),
// HTTPS only, security headers with a CSP that names the API and sign-in hosts, the SPA fallback,
// caching by file kind, config.json written at deploy time with the values the app needs, the
// public Cognito client (code + PKCE), and the API's CORS for the distribution's origin alone.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { CachePolicy } from 'aws-cdk-lib/aws-cloudfront';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app';
import { DEFAULT_WEB_DIST, PipelineStack } from '../../infra/pipeline-stack';
import { WebBuildMissingError } from '../../infra/web-app';
import { LIANYUNGANG } from '../../shared/domain/city-config';
import { stubWebDist } from '../support/web-dist';

type Resources = Record<string, { Type: string; Properties: Record<string, any>; DependsOn?: string[]; DeletionPolicy?: string }>;

const webDistPath = stubWebDist();

function synth(stage: 'dev' | 'prod', context: Record<string, unknown> = {}) {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [], stage, ...context }, outdir: mkdtempSync(join(tmpdir(), 'cdk-')) });
  const stack = buildApp(app, { webDistPath });
  const template = Template.fromStack(stack);
  return { app, stack, template, resources: template.toJSON().Resources as Resources };
}

/** A CloudFormation string as text: literals kept, every intrinsic written `${…}` as JSON. */
function text(value: unknown): string {
  if (typeof value === 'string') return value;
  const join = (value as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join'];
  if (join && join[0] === '') return join[1].map(text).join('');
  return `\${${JSON.stringify(value)}}`;
}

const REGION = text({ Ref: 'AWS::Region' });
const URL_SUFFIX = text({ Ref: 'AWS::URLSuffix' });

/** A CSP as directive → sources. */
function directives(csp: string): Record<string, string[]> {
  return Object.fromEntries(
    csp
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .map(([name, ...sources]) => [name, sources]),
  );
}

/** Whether a CSP source list lets the page reach `url` (host sources, with a leading `*.` wildcard). */
function allows(sources: string[], url: string): boolean {
  // Not new URL(): hosts hold `${…}` placeholders for the deploy-time parts, slashes and all.
  const [, protocol, rest] = url.match(/^(https?:)\/\/(.*)$/)!;
  let depth = 0;
  let end = rest!.length;
  for (let i = 0; i < rest!.length; i++) {
    if (rest![i] === '{') depth++;
    else if (rest![i] === '}') depth--;
    else if (rest![i] === '/' && depth === 0) {
      end = i;
      break;
    }
  }
  const host = rest!.slice(0, end);
  return sources.some((source) => {
    const match = source.match(/^(https?:)\/\/(\*\.)?(.+)$/);
    if (!match || match[1] !== protocol) return false;
    return match[2] ? host.endsWith(`.${match[3]}`) : host === match[3];
  });
}

describe('the web app (dev)', () => {
  let stack: PipelineStack;
  let template: Template;
  let resources: Resources;
  let app: App;
  beforeAll(() => {
    ({ app, stack, template, resources } = synth('dev'));
  });
  const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
  const one = (type: string) => {
    const found = ofType(type);
    expect(found, type).toHaveLength(1);
    return found[0]!;
  };
  const id = (construct: { node: { defaultChild?: unknown } }) => stack.getLogicalId(construct.node.defaultChild as never);
  const distribution = () => one('AWS::CloudFront::Distribution')[1].Properties.DistributionConfig;
  const distributionDomain = () => `\${{"Fn::GetAtt":["${id(stack.web.distribution)}","DomainName"]}}`;
  const deployments = () => ofType('Custom::CDKBucketDeployment');
  const siteDeployment = () => deployments().find(([, d]) => d.Properties.DistributionId)!;
  const assetsDeployment = () => deployments().find(([, d]) => d.Properties.DestinationBucketKeyPrefix === 'app/assets/')!;

  it('the bucket is private, encrypted and TLS only; only the distribution may read it (OAC), and in dev the teardown may empty it', () => {
    const [bucketId, bucket] = one('AWS::S3::Bucket');
    expect(bucket.Properties).toMatchObject({
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
    });
    expect(bucket.Properties.WebsiteConfiguration).toBeUndefined();
    expect(bucket.DeletionPolicy).toBe('Delete');

    const [, policy] = one('AWS::S3::BucketPolicy');
    expect(policy.Properties.Bucket).toEqual({ Ref: bucketId });
    const statements = policy.Properties.PolicyDocument.Statement as any[];
    expect(statements.filter((s) => s.Effect === 'Deny').map((s) => s.Condition)).toEqual([
      { Bool: { 'aws:SecureTransport': 'false' } },
      { NumericLessThan: { 's3:TlsVersion': 1.2 } },
    ]);
    const allowed = statements.filter((s) => s.Effect === 'Allow');
    expect(allowed).toHaveLength(2);
    const reader = allowed.find((s) => s.Principal.Service)!;
    const teardown = allowed.find((s) => s !== reader)!;
    expect(reader).toEqual({
      Effect: 'Allow',
      Principal: { Service: 'cloudfront.amazonaws.com' },
      Action: 's3:GetObject',
      Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, '/*']] },
      Condition: { StringEquals: { 'AWS:SourceArn': expect.anything() } },
    });
    expect(text(reader.Condition.StringEquals['AWS:SourceArn'])).toBe(
      `arn:\${{"Ref":"AWS::Partition"}}:cloudfront::\${{"Ref":"AWS::AccountId"}}:distribution/\${{"Ref":"${id(stack.web.distribution)}"}}`,
    );
    expect(teardown.Principal.AWS['Fn::GetAtt'][0]).toMatch(/^CustomS3AutoDeleteObjectsCustomResourceProviderRole/);

    const [oacId, oac] = one('AWS::CloudFront::OriginAccessControl');
    expect(oac.Properties.OriginAccessControlConfig).toMatchObject({
      OriginAccessControlOriginType: 's3',
      SigningBehavior: 'always',
      SigningProtocol: 'sigv4',
    });
    expect(distribution().Origins).toEqual([
      expect.objectContaining({
        DomainName: { 'Fn::GetAtt': [bucketId, 'RegionalDomainName'] },
        OriginAccessControlId: { 'Fn::GetAtt': [oacId, 'Id'] },
        S3OriginConfig: { OriginAccessIdentity: '' },
      }),
    ]);
  });

  it('HTTPS only (HTTP redirects), HTTP/2 and 3, compressed, GET and HEAD; every behavior sends the security headers', () => {
    const config = distribution();
    expect(config).toMatchObject({ HttpVersion: 'http2and3', Enabled: true, IPV6Enabled: true });
    const headers = { Ref: id(stack.web.headers) };
    for (const behavior of [config.DefaultCacheBehavior, ...config.CacheBehaviors]) {
      expect(behavior).toMatchObject({
        ViewerProtocolPolicy: 'redirect-to-https',
        Compress: true,
        AllowedMethods: ['GET', 'HEAD'],
        ResponseHeadersPolicyId: headers,
      });
    }
  });

  it('security headers: HSTS, nosniff, X-Frame-Options DENY, no referrer, and a CSP of the app’s own files and the API and sign-in hosts', () => {
    const [, policy] = one('AWS::CloudFront::ResponseHeadersPolicy');
    const security = policy.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig;
    expect(security).toMatchObject({
      StrictTransportSecurity: { AccessControlMaxAgeSec: 63_072_000, IncludeSubdomains: true, Override: true },
      ContentTypeOptions: { Override: true },
      FrameOptions: { FrameOption: 'DENY', Override: true },
      ReferrerPolicy: { ReferrerPolicy: 'no-referrer', Override: true },
      ContentSecurityPolicy: { Override: true },
    });
    const csp = directives(text(security.ContentSecurityPolicy.ContentSecurityPolicy));
    expect(csp).toMatchObject({
      'default-src': ["'none'"],
      'script-src': ["'self'"],
      'style-src': ["'self'", "'unsafe-inline'"],
      'img-src': ["'self'", 'data:'],
      'font-src': ["'self'", 'data:'],
      'object-src': ["'none'"],
      'base-uri': ["'self'"],
      'form-action': ["'self'"],
      'frame-ancestors': ["'none'"],
    });

    const domain = one('AWS::Cognito::UserPoolDomain')[1].Properties.Domain;
    const connect = csp['connect-src']!;
    expect(connect).toEqual([
      "'self'",
      `https://*.execute-api.${REGION}.${URL_SUFFIX}`,
      `https://cognito-idp.${REGION}.amazonaws.com`,
      `https://${text(domain)}.auth.${REGION}.amazoncognito.com`,
    ]);
    // The API's endpoint has the form https://<api id>.execute-api.<region>.<suffix> (its id is not
    // known before it exists, and the API's CORS needs the distribution first).
    expect(allows(connect, `https://a1b2c3d4e5.execute-api.${REGION}.${URL_SUFFIX}`)).toBe(true);
    // The token endpoint (managed login) and the issuer's discovery document and keys.
    expect(allows(connect, `https://${text(domain)}.auth.${REGION}.amazoncognito.com/oauth2/token`)).toBe(true);
    expect(allows(connect, `https://cognito-idp.${REGION}.amazonaws.com/x/.well-known/openid-configuration`)).toBe(true);
    expect(allows(connect, 'https://evil.example.com/collect')).toBe(false);
  });

  it('SPA: a path S3 does not have (403, or 404) is index.html with 200; / redirects to /app/', () => {
    const config = distribution();
    expect(config.DefaultRootObject).toBeUndefined();
    expect(config.CustomErrorResponses).toEqual([
      { ErrorCode: 403, ResponseCode: 200, ResponsePagePath: '/app/index.html', ErrorCachingMinTTL: 0 },
      { ErrorCode: 404, ResponseCode: 200, ResponsePagePath: '/app/index.html', ErrorCachingMinTTL: 0 },
    ]);
    const [fnId, fn] = one('AWS::CloudFront::Function');
    expect(fn.Properties.FunctionConfig.Runtime).toBe('cloudfront-js-2.0');
    expect(config.DefaultCacheBehavior.FunctionAssociations).toEqual([
      { EventType: 'viewer-request', FunctionARN: { 'Fn::GetAtt': [fnId, 'FunctionARN'] } },
    ]);
    // The function's own code, run: CloudFront Functions are plain JavaScript with a `handler`.
    const handler = new Function(`${fn.Properties.FunctionCode}\nreturn handler;`)() as (event: unknown) => any;
    expect(handler({ request: { uri: '/' } })).toEqual({
      statusCode: 302,
      statusDescription: 'Found',
      headers: { location: { value: '/app/' } },
    });
    const page = { uri: '/app/projects/P-001' };
    expect(handler({ request: page })).toBe(page);
  });

  it('caching: assets/* a year at the edge and immutable in browsers; index.html and config.json never cached, and invalidated on deploy', () => {
    const behaviors = Object.fromEntries((distribution().CacheBehaviors as any[]).map((b) => [b.PathPattern, b]));
    expect(Object.keys(behaviors).sort()).toEqual(['app/assets/*', 'app/config.json', 'app/index.html']);
    const [assetsPolicyId, assetsPolicy] = one('AWS::CloudFront::CachePolicy');
    expect(behaviors['app/assets/*'].CachePolicyId).toEqual({ Ref: assetsPolicyId });
    expect(assetsPolicy.Properties.CachePolicyConfig).toMatchObject({
      MinTTL: 31_536_000,
      DefaultTTL: 31_536_000,
      MaxTTL: 31_536_000,
      ParametersInCacheKeyAndForwardedToOrigin: {
        EnableAcceptEncodingGzip: true,
        EnableAcceptEncodingBrotli: true,
        QueryStringsConfig: { QueryStringBehavior: 'none' },
        CookiesConfig: { CookieBehavior: 'none' },
      },
    });
    expect(behaviors['app/index.html'].CachePolicyId).toBe(CachePolicy.CACHING_DISABLED.cachePolicyId);
    expect(behaviors['app/config.json'].CachePolicyId).toBe(CachePolicy.CACHING_DISABLED.cachePolicyId);

    expect(deployments()).toHaveLength(2);
    const [assetsId, assets] = assetsDeployment();
    expect(assets.Properties).toMatchObject({
      Prune: false,
      SystemMetadata: { 'cache-control': 'public, max-age=31536000, immutable' },
    });
    const [, site] = siteDeployment();
    expect(site.Properties).toMatchObject({
      Prune: true,
      Exclude: ['assets/*'],
      SystemMetadata: { 'cache-control': 'no-cache' },
      DistributionId: { Ref: id(stack.web.distribution) },
      DistributionPaths: ['/app/index.html', '/app/config.json'],
    });
    expect(site.Properties.DestinationBucketKeyPrefix).toBe('app/');
    // index.html never points at assets that are not there yet.
    expect(site.DependsOn).toContain(assetsId);
  });

  it('config.json, written at deploy time: the API’s URL, the web client’s id, managed login, the issuer, the redirect URLs', () => {
    const [, site] = siteDeployment();
    const [, configKey] = site.Properties.SourceObjectKeys as string[];
    const markers = (site.Properties.SourceMarkers as Record<string, unknown>[])[1]!;
    expect(site.Properties.SourceMarkersConfig[1]).toEqual({ jsonEscape: true });
    const raw = readFileSync(join(app.outdir, `asset.${configKey!.replace(/\.zip$/, '')}`, 'config.json'), 'utf8');
    const config = JSON.parse(raw.replace(/<<marker:0xbaba:\d+>>/g, (marker) => text(markers[marker]).replace(/"/g, '\\"')));
    const appUrl = `https://${distributionDomain()}/app/`;
    expect(config).toEqual({
      apiUrl: text({ 'Fn::GetAtt': [id(stack.api.httpApi), 'ApiEndpoint'] }),
      auth: {
        kind: 'cognito',
        authority: `https://cognito-idp.${REGION}.amazonaws.com/\${{"Ref":"${id(stack.api.userPool!)}"}}`,
        clientId: `\${{"Ref":"${id(stack.api.userPoolClient!)}"}}`,
        domain: `https://\${{"Ref":"${id(stack.api.signInDomain!)}"}}.auth.${REGION}.amazoncognito.com`,
        redirectUri: appUrl,
        postLogoutRedirectUri: appUrl,
        scope: 'openid email profile',
      },
    });
    // The site's own files come from the build, without assets/ (the other deployment's).
    const [siteKey] = site.Properties.SourceObjectKeys as string[];
    const [, assets] = assetsDeployment();
    expect(assets.Properties.SourceObjectKeys).not.toContain(siteKey);
  });

  it('the digest and API functions know the app’s address, where the robots’ brief links', () => {
    const appUrl = `https://${distributionDomain()}/app/`;
    for (const fn of [stack.jobs.digest.fn, stack.api.api.fn]) {
      const [, resource] = Object.entries(resources).find(([logicalId]) => logicalId === id(fn))!;
      expect(text(resource.Properties.Environment.Variables.WEB_APP_URL)).toBe(appUrl);
    }
  });

  it('the web client: public, authorization code only (PKCE by the app), back to the distribution’s /app/, managed login; its id is the audience', () => {
    const [clientId, client] = one('AWS::Cognito::UserPoolClient');
    expect(client.Properties).toMatchObject({
      ClientName: 'pipeline-web-dev',
      GenerateSecret: false,
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthScopes: ['openid', 'email', 'profile'],
      SupportedIdentityProviders: ['COGNITO'],
      PreventUserExistenceErrors: 'ENABLED',
      EnableTokenRevocation: true,
      AccessTokenValidity: 60,
      IdTokenValidity: 60,
      RefreshTokenValidity: 720,
      TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'minutes', RefreshToken: 'minutes' },
    });
    expect(client.Properties.CallbackURLs.map(text)).toEqual([`https://${distributionDomain()}/app/`]);
    expect(client.Properties.LogoutURLs.map(text)).toEqual([`https://${distributionDomain()}/app/`]);
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      JwtConfiguration: { Audience: [{ Ref: clientId }], Issuer: Match.anyValue() },
    });

    const [domainId, domain] = one('AWS::Cognito::UserPoolDomain');
    expect(domain.Properties.ManagedLoginVersion).toBe(2);
    // The stage and the first 8 hex digits of the stack's id: unique, and stable for the stack's life.
    expect(text(domain.Properties.Domain)).toBe(
      `pipeline-dev-\${${JSON.stringify({ 'Fn::Select': [0, { 'Fn::Split': ['-', { 'Fn::Select': [2, { 'Fn::Split': ['/', { Ref: 'AWS::StackId' }] }] }] }] })}}`,
    );
    expect(domainId).toBe(id(stack.api.signInDomain!));
    const [, style] = one('AWS::Cognito::ManagedLoginBranding');
    expect(style.Properties).toEqual({
      UserPoolId: { Ref: id(stack.api.userPool!) },
      ClientId: { Ref: clientId },
      UseCognitoProvidedValues: true,
    });
  });

  it('CORS: exactly the distribution’s origin, the app’s methods and headers, ETag, Location and a download’s Content-Disposition readable, no credentials', () => {
    const [, api] = one('AWS::ApiGatewayV2::Api');
    const cors = api.Properties.CorsConfiguration;
    expect(cors.AllowOrigins.map(text)).toEqual([`https://${distributionDomain()}`]);
    expect(cors).toMatchObject({
      AllowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'OPTIONS'],
      AllowHeaders: ['authorization', 'content-type', 'if-match'],
      ExposeHeaders: ['etag', 'location', 'content-disposition'],
      MaxAge: 3600,
    });
    expect(cors.AllowCredentials).toBeUndefined();
    expect(JSON.stringify(cors)).not.toContain('*');
  });

  it('outputs: the app’s URL, the bucket, the distribution', () => {
    const outputs = template.toJSON().Outputs;
    expect(text(outputs.WebAppUrl.Value)).toBe(`https://${distributionDomain()}/app/`);
    expect(outputs.WebBucketName.Value).toEqual({ Ref: id(stack.web.bucket) });
    expect(outputs.WebDistributionId.Value).toEqual({ Ref: id(stack.web.distribution) });
  });

  it('cdk-nag findings acknowledged with their reasons next to the resources: geo restriction, WAF, CloudFront logs, default certificate, bucket logs', () => {
    const acknowledged = (construct: { node: { metadata: { type: string; data: unknown }[] } }) =>
      construct.node.metadata
        .filter((m) => m.type === 'aws:cdk:acknowledged-rules')
        .flatMap((m) => Object.keys(m.data as object))
        .map((key) => key.replace('Annotation::', ''));
    expect(acknowledged(stack.web.distribution)).toEqual([
      'AwsSolutions-CFR1',
      'AwsSolutions-CFR2',
      'AwsSolutions-CFR3',
      'AwsSolutions-CFR4',
    ]);
    expect(acknowledged(stack.web.bucket)).toEqual(['AwsSolutions-S1']);
  });
});

describe('the web app in other settings', () => {
  it('prod keeps the bucket (RETAIN) and has no teardown: only the distribution is in its policy', () => {
    const { resources } = synth('prod');
    const [, bucket] = Object.entries(resources).find(([, r]) => r.Type === 'AWS::S3::Bucket')!;
    expect(bucket.DeletionPolicy).toBe('Retain');
    const [, policy] = Object.entries(resources).find(([, r]) => r.Type === 'AWS::S3::BucketPolicy')!;
    const allowed = (policy.Properties.PolicyDocument.Statement as any[]).filter((s) => s.Effect === 'Allow');
    expect(allowed.map((s) => s.Principal)).toEqual([{ Service: 'cloudfront.amazonaws.com' }]);
    expect(Object.keys(resources).filter((id) => id.startsWith('CustomS3AutoDeleteObjects'))).toEqual([]);
  });

  it('with an existing issuer: config.json gives the issuer and audiences, the CSP its origin, CORS the same origin', () => {
    const { app, template, resources } = synth('dev', { jwtIssuer: 'https://login.example.gov.cn/oidc', jwtAudience: 'pipeline' });
    const [, site] = Object.entries(resources).find(([, r]) => r.Type === 'Custom::CDKBucketDeployment' && r.Properties.DistributionId)!;
    const configKey = (site.Properties.SourceObjectKeys as string[])[1]!;
    const config = JSON.parse(readFileSync(join(app.outdir, `asset.${configKey.replace(/\.zip$/, '')}`, 'config.json'), 'utf8'));
    expect(config.auth).toEqual({
      kind: 'oidc',
      authority: 'https://login.example.gov.cn/oidc',
      audience: ['pipeline'],
      redirectUri: expect.stringMatching(/^https:\/\/<<marker:0xbaba:\d+>>\/app\/$/),
      postLogoutRedirectUri: expect.stringMatching(/^https:\/\/<<marker:0xbaba:\d+>>\/app\/$/),
      scope: 'openid email profile',
    });
    const [, policy] = Object.entries(resources).find(([, r]) => r.Type === 'AWS::CloudFront::ResponseHeadersPolicy')!;
    const csp = directives(
      text(policy.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig.ContentSecurityPolicy.ContentSecurityPolicy),
    );
    expect(csp['connect-src']).toEqual(["'self'", `https://*.execute-api.${REGION}.${URL_SUFFIX}`, 'https://login.example.gov.cn']);
    template.resourceCountIs('AWS::Cognito::UserPoolDomain', 0);
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      CorsConfiguration: Match.objectLike({
        AllowOrigins: [{ 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [Match.anyValue(), 'DomainName'] }]] }],
      }),
    });
  });

  it('cdk-nag stays clean with the account and region `cdk deploy` fills in, and with an existing issuer', () => {
    const saved = { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION };
    process.env.CDK_DEFAULT_ACCOUNT = '123456789012';
    process.env.CDK_DEFAULT_REGION = 'ap-east-1';
    try {
      expect(() => synth('prod').app.synth()).not.toThrow();
    } finally {
      for (const [key, value] of [
        ['CDK_DEFAULT_ACCOUNT', saved.account],
        ['CDK_DEFAULT_REGION', saved.region],
      ] as const) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    }
    expect(() => synth('dev', { jwtIssuer: 'https://login.example.gov.cn/oidc', jwtAudience: 'pipeline' }).app.synth()).not.toThrow();
  });

  it('synth stops with one line naming npm run build:web when the web app is not built; the default is web/dist', () => {
    const missing = join(mkdtempSync(join(tmpdir(), 'no-web-')), 'dist');
    const build = () =>
      new PipelineStack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'NoWeb', {
        stage: 'dev',
        config: LIANYUNGANG,
        webDistPath: missing,
      });
    expect(build).toThrow(WebBuildMissingError);
    expect(build).toThrow(/^The web app is not built: .*dist\/index\.html is missing\. Run `npm run build:web` first\.$/);
    expect(DEFAULT_WEB_DIST).toBe(join(import.meta.dirname, '..', '..', 'web', 'dist'));
  });
});
