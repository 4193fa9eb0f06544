export { parseEciProfile, reconcileEciProfile, type ParseResult } from './parse.js';
export { EciProfileWatcher, type EciProfileWatcherOptions, type ProfileListener } from './watch.js';
export { INVALID_PROFILE_REASON } from './events.js';
export { EMPTY_PROFILE } from './types.js';
export type { EciProfile, MatchLabels, ProfileError, Selector, SelectorEffect } from './types.js';
