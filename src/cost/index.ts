export * from './annotate.js';
export * from './cost-view.js';
export * from './ledger.js';
export * from './metrics.js';
export * from './price-book.js';
export * from './price-key.js';
