import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder holding paperbot's package.json, whether run from src/ (tsx) or dist/. */
export function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && isPaperbot(manifest)) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the paperbot project folder');
    dir = parent;
  }
}

function isPaperbot(manifest: string): boolean {
  try {
    return (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name === 'paperbot';
  } catch {
    return false;
  }
}

/** The listing pages shipped with the project. */
export function bundledPagesDir(): string {
  return join(projectRoot(), 'data', 'pages');
}

/** The bundled word-vector table (data/vectors/README.md). */
export function bundledVectorFiles(): { words: string; vectors: string; dimensions: number } {
  const dir = join(projectRoot(), 'data', 'vectors');
  return {
    words: join(dir, 'glove-100d.words.txt'),
    vectors: join(dir, 'glove-100d.i8'),
    dimensions: 100,
  };
}

/** The bundled encoder's vectors of the bundled pages' papers (src/tools/embed-pages.ts). */
export function bundledPaperVectorFiles(): { ids: string; vectors: string; model: string } {
  const dir = join(projectRoot(), 'data', 'vectors');
  return {
    ids: join(dir, 'use-lite-512.ids.txt'),
    vectors: join(dir, 'use-lite-512.i8'),
    model: 'use-lite-512',
  };
}

/** DB_PATH relative to the working directory, or the project's data/paperbot.db. */
export function resolveDbPath(dbPath: string | undefined): string {
  if (dbPath === ':memory:') return dbPath;
  return dbPath ? resolve(dbPath) : join(projectRoot(), 'data', 'paperbot.db');
}
