export {
  ANNOTATION,
  RECOGNISED_UNSUPPORTED,
  annotationWarnings,
  closestKnownAnnotation,
  editDistance,
} from './annotations.js';
export { TranslationError, type TranslationErrorReason } from './errors.js';
export {
  EPHEMERAL_WHY,
  ephemeralContainer,
  ephemeralFix,
  ephemeralUnsupported,
  newEphemeralContainers,
} from './ephemeral.js';
export { NOT_STARTED_EXIT_CODE, notStartedStatus } from './container-status.js';
export { failStrategyOf } from './fail-strategy.js';
export { CAPACITY_REASONS, eciEventKey, latestEvent } from './events.js';
export { changedImages, type ImageChange } from './images.js';
export type { ImageCacheMatch } from './image-cache.js';
export { MISSING_GRACE_MS, podPhaseForMissingGroup } from './missing.js';
export { missingReferenceEvents, warningReason, type ReasonedEvent } from './reasons.js';
export { containerGroupName } from './names.js';
export { qosClass } from './qos.js';
export { parseQuantity } from './quantity.js';
export { referencesOf, tokenKey, type PodReferences, type TokenWanted } from './refs.js';
export {
  DEFAULT_SPEC,
  applySpec,
  isSupportedSpec,
  parseUseSpecs,
  roundUpSpec,
  selectSpec,
  specArch,
  specLabel,
  supportedSpecs,
  type CpuMemory,
  type SpecScope,
  type SpecSelection,
} from './sizing.js';
export { appContainersBegan, CONDITION, PHASE, toPodStatus } from './status.js';
export { isSidecar } from './sidecars.js';
export { applyStatusPatch, statusPatch } from './status-patch.js';
export { TAG, customTags, podTags } from './tags.js';
export { translatePod } from './translate.js';
export { writeBackAnnotations } from './write-back.js';
export type {
  FailStrategy,
  ReferencedObjects,
  SpecCandidate,
  Translation,
  TranslationContext,
} from './types.js';
