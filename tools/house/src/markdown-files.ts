import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

// Folders that hold no documentation of ours (dependencies, build output, caches, test artefacts).
const SKIPPED = new Set(['node_modules', 'dist', '.cache', '.nx', '.git', 'artifacts', 'coverage', 'tmp']);

/** Every Markdown file of the repository, as paths relative to `root`. */
export function markdownFiles(root: string, dir = root): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (SKIPPED.has(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...markdownFiles(root, path));
    else if (entry.name.endsWith('.md')) found.push(relative(root, path));
  }
  return found.sort();
}
