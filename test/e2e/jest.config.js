/** e2e: a real kube-apiserver, scheduler and controller manager, started once by global-setup.js. */
export default {
  testEnvironment: 'node',
  rootDir: '../..',
  roots: ['<rootDir>/test/e2e'],
  testMatch: ['**/*.e2e.test.ts'],
  globalSetup: '<rootDir>/test/e2e/global-setup.js',
  globalTeardown: '<rootDir>/test/e2e/global-teardown.js',
  testTimeout: 240_000,
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }],
  },
};
