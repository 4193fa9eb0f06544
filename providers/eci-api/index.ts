// The ECI API as both sides of the provider seam see it: wire types (PascalCase, as the OpenAPI
// sends them) and the facts the API fixes (sellable specs, status → phase). src/ and providers/
// import ECI vocabulary from here only.
export * from './container-group.js';
export * from './facts.js';
export * from './specs.js';
export * from './wire.js';
export * from './price.js';
export * from './exec-channel.js';
export * from './image-cache.js';
export * from './container-rules.js';
export * from './container-order.js';
