// Grafana's own lint rules (the ones its plugins are held to), Prettier owning the formatting.
import grafanaConfig from '@grafana/eslint-config';

export default [
  { ignores: ['build/', 'build-test/', 'node_modules/', 'src/api/wire.gen.ts'] },
  ...grafanaConfig,
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: { ecmaVersion: 2022 },
    rules: {
      // The classic JSX runtime: React is in scope in every .tsx; `react-in-jsx-scope` stays on.
      'react/prop-types': 'off',
      'react/display-name': 'off',
    },
  },
  {
    files: ['**/*.mjs'],
    languageOptions: { ecmaVersion: 2022, sourceType: 'module' },
  },
];
