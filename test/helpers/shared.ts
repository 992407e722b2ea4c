import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The reference material folder `shared/` that sits beside the repository (CI clones main with
 * shared/ beside it): the nginx corpus, the tutorial fixtures. `DEPLOYLENS_SHARED` overrides it.
 */
export const SHARED_DIR: string = (() => {
  if (process.env.DEPLOYLENS_SHARED) return process.env.DEPLOYLENS_SHARED;
  const beside = join(__dirname, '..', '..', '..', 'shared');
  return existsSync(beside) ? beside : '/work/shared';
})();

/** The nginx corpus (`shared/corpus/nginx`); `DEPLOYLENS_NGINX_CORPUS` overrides it. */
export const CORPUS_DIR: string = process.env.DEPLOYLENS_NGINX_CORPUS ?? join(SHARED_DIR, 'corpus', 'nginx');

/** The tutorial deployment fixtures (`shared/fixtures`). */
export const SHARED_FIXTURES: string = join(SHARED_DIR, 'fixtures');
