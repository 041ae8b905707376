// @ts-check
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'eslint.config.mjs'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      // test/tsconfig.json covers apps, libs, migrations, specs and tests.
      parserOptions: { project: ['./test/tsconfig.json'], tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // A missing await in a job handler loses the job's error.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unsafe-function-type': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/no-require-imports': 'error',
      'no-restricted-syntax': [
        'error',
        { selector: "MemberExpression[object.name='process'][property.name='env']", message: 'Only libs/core/src/config reads process.env.' },
      ],
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/apps/**', '../../apps/*'], message: 'A lib never imports an app.' }] },
      ],
    },
  },
  {
    files: ['libs/core/src/config/**', 'libs/core/src/http/**', 'apps/**', 'migrations/**', 'test/**'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    files: ['apps/**', 'test/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['migrations/[0-9]*.ts'],
    rules: { quotes: 'off' },
  },
);
