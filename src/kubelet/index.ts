export { apiServerAuthorizer, cachedAuthorizer, kubeAuthReviewApi } from './apiserver-authorizer.js';
export type { AuthReviewApi, AuthorizerCacheOptions } from './apiserver-authorizer.js';
export { forbiddenMessage, requestAttributes } from './attributes.js';
export { kubeletApp, startKubeletServer } from './server.js';
export type {
  Authorizer,
  KubeletServer,
  KubeletServerOptions,
  KubeletUser,
  NodeRequestAttributes,
  NodeSubresource,
  PodDirectory,
  PodEntry,
} from './types.js';
