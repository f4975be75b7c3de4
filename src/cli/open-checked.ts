import { existsSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { openLibrary, type Library, type OpenLibraryOptions } from '../app/open-library.js';
import { resolveDbPath } from '../app/project-paths.js';
import type { Config } from '../config.js';
import { CliError } from './io.js';

/**
 * openLibrary, with a message naming DB_PATH's file and what to do when it cannot be a
 * library: a folder that does not exist (never created behind the user's back), a
 * folder in its place, or a file that is not a database.
 */
export function openCheckedLibrary(config: Config, options: OpenLibraryOptions): Library {
  const path = resolveDbPath(config.dbPath);
  if (path !== ':memory:') {
    const folder = dirname(path);
    if (!existsSync(folder))
      throw new CliError(
        `DB_PATH ${path}: the folder ${folder} does not exist. Create it (mkdir -p ${folder}) or set DB_PATH to a file in a folder that exists.`,
      );
    if (existsSync(path) && statSync(path).isDirectory())
      throw new CliError(
        `DB_PATH ${path} is a folder. Set DB_PATH to a file, e.g. ${path}/paperbot.db.`,
      );
  }
  try {
    return openLibrary(config, options);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'SQLITE_NOTADB')
      throw new CliError(
        `DB_PATH ${path} is not a paperbot library (file is not a database). Set DB_PATH to a new file name, where paperbot builds the library, or to a library paperbot made.`,
      );
    if (code === 'SQLITE_CANTOPEN' || code === 'SQLITE_READONLY' || code === 'SQLITE_PERM')
      throw new CliError(
        `DB_PATH ${path}: cannot open it for writing (${(error as Error).message}). Check the file's and its folder's permissions, or set DB_PATH elsewhere.`,
      );
    throw error;
  }
}
