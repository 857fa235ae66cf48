// Applies patches/ (the tensor library's allocator fix, see docs/rl.md#memory, and its kernel
// dispatch and row scatter, see docs/embedded-model.md) with patch-package,
// wherever npm put the tensor library: in a checkout it sits in ./node_modules; when didactic is
// installed as a dependency npm usually hoists it to the consumer's node_modules, where a plain
// `patch-package` run from this folder would not look.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const packageRoot = dirname(dirname(fileURLToPath(import.meta.url)));

/** The nearest folder at or above `from` whose node_modules holds `name`, as Node would resolve it. */
function rootHolding(name, from) {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'node_modules', name, 'package.json'))) return dir;
    if (dirname(dir) === dir) return null;
  }
}

const appRoot = rootHolding('@jax-js/jax', packageRoot);
const toolRoot = rootHolding('patch-package', packageRoot);
if (appRoot === null || toolRoot === null) {
  console.log('didactic: @jax-js/jax or patch-package is not installed; no patches applied');
  process.exit(0);
}
const result = spawnSync(
  process.execPath,
  [join(toolRoot, 'node_modules', 'patch-package', 'index.js'), '--patch-dir', relative(appRoot, join(packageRoot, 'patches'))],
  { cwd: appRoot, stdio: 'inherit' },
);
process.exit(result.status ?? 1);
