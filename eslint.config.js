import tseslint from 'typescript-eslint';

// What ships never depends on the development tools (test/cluster, bench): tsc would otherwise pull
// them into the product build (tsconfig.build.json) through the import, and so into the image.
const NOT_DEV_TOOLS = {
  group: ['**/test/**', '**/bench/**'],
  message: 'src/ and providers/ ship in the image: they must not import test/ or bench/',
};

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'charts/', 'coverage/'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  {
    files: ['src/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [NOT_DEV_TOOLS] }] },
  },
  {
    // The provider seam runs one way: src/ imports providers/, never the reverse.
    files: ['providers/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            NOT_DEV_TOOLS,
            { group: ['**/src/**'], message: 'providers/ must not import src/: take it as a parameter' },
          ],
        },
      ],
    },
  },
);
