// Bundled in place of @aws-sdk/credential-provider-node (infra/bundling.ts). In Lambda the function's
// credentials are always in its environment; the rest of the SDK's default chain (SSO, shared
// config files, IMDS, containers, web identity, processes) can never answer there, and is 130 KB of
// every bundle. Outside Lambda (tests, npm start) the SDK's own chain is used, unbundled.
export { fromEnv as defaultProvider } from '@aws-sdk/credential-provider-env';
