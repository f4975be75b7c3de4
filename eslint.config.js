import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import js from '@eslint/js';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import importX from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

/**
 * The layers, top first (layers.json, DESIGN.md): a folder imports only from the layers
 * below it, never from its own layer's other folders, and nothing imports in a circle.
 */
export const LAYERS = JSON.parse(readFileSync(join(import.meta.dirname, 'layers.json'), 'utf8'));

/** import-x/no-restricted-paths zones: each folder may not import from any layer above it. */
export function layerZones(layers = LAYERS) {
  return layers.flatMap((layer, level) =>
    layer.flatMap((target) => {
      const above = [
        ...layers.slice(0, level).flat(),
        ...layer.filter((other) => other !== target),
      ];
      if (above.length === 0) return [];
      return [
        {
          target: `./${target}`,
          from: above.map((from) => `./${from}`),
          message: `${target} sits below it in the layers (eslint.config.js LAYERS): import down, or move the code.`,
        },
      ];
    }),
  );
}

/** Only the Discord layer and the slash commands speak discord.js. */
export const discordOnly = {
  files: ['src/**/*.ts'],
  ignores: ['src/discord/**'],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        paths: [
          { name: 'discord.js', message: 'Only src/discord/ and commands/ import discord.js.' },
        ],
        patterns: [
          {
            group: ['@discordjs/*'],
            message: 'Only src/discord/ and commands/ import discord.js.',
          },
        ],
      },
    ],
  },
};

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'bench-out/', 'reports/', '.stryker-tmp/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['src/**/*.ts', 'commands/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })],
    },
    rules: {
      'import-x/no-restricted-paths': ['error', { zones: layerZones() }],
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
    },
  },
  discordOnly,
);
