export { mutatePod, escapePointer, type Mutation } from './patch.js';
export {
  BUILT_IN_SELECTORS,
  ECI_LABEL,
  INJECTION_LABEL,
  effectsToAdd,
  matchingSelectors,
  namespaceWantsInjection,
  selectorMatches,
} from './select.js';
export { VIRTUAL_NODE_LABEL, VIRTUAL_NODE_TAINT, toleratesVirtualNode, virtualNodeOps } from './schedule.js';
export {
  createWebhookApp,
  startWebhookServer,
  type WebhookAppOptions,
  type WebhookServer,
} from './server.js';
export { createAdmissionMetrics, type AdmissionMetrics } from './metrics.js';
export { NamespaceLabelCache, type NamespaceLabels } from './namespaces.js';
export {
  registerWebhook,
  webhookConfiguration,
  WEBHOOK_CONFIGURATION_NAME,
  type WebhookTarget,
} from './register.js';
export { loadOrCreateWebhookCerts, webhookSans, type WebhookCerts } from './certs.js';
export { parseWebhookFlags, WEBHOOK_USAGE, WebhookFlagError, type WebhookFlags } from './flags.js';
export type { JsonPatchOp, PodLike } from './types.js';
export { startWebhook, type RunningWebhook } from './start.js';
