/** Unit tests: fast, no cluster. The e2e suite has its own config (test/e2e/jest.config.js). */
export default {
  testEnvironment: 'node',
  roots: ['<rootDir>/test/unit'],
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }],
  },
};
