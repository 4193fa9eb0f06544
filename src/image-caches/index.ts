export { ImageCacheService, IMAGE_CACHE_LEASE } from './service.js';
export { ImageCacheController, IMAGE_CACHE_REASONS } from './controller.js';
export * from './types.js';
