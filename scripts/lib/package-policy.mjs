// The repository's rules for a publishable package.json (issue 2, "Packaging"). publint and
// attw check what tools can resolve; these check what the team promised on top of that.

const MINIMUM_NODE_MAJOR = 22;

function checkConditionOrder(target, where, problems) {
  if (target === null || typeof target !== 'object' || Array.isArray(target)) return;
  const keys = Object.keys(target);
  if (keys.length > 0 && !keys[0].startsWith('.') && keys[0] !== 'types') {
    problems.push(`exports${where}: "types" must be the first condition (found "${keys[0]}")`);
  }
  for (const key of keys) checkConditionOrder(target[key], `${where}["${key}"]`, problems);
}

/**
 * Returns the problems with `manifest` (a parsed package.json) of the package in
 * `directoryFromRoot` (posix path such as `packages/payouts`), or an empty list.
 */
export function packagePolicyProblems(manifest, directoryFromRoot) {
  const problems = [];
  if (manifest.private === true) problems.push('"private": true on a package that is published');
  if (manifest.type !== 'module') problems.push('"type" must be "module" (ESM only)');
  const exportsField = manifest.exports;
  if (exportsField === null || typeof exportsField !== 'object' || Array.isArray(exportsField)) {
    problems.push('"exports" must be an object of subpaths');
  } else {
    if (exportsField['./package.json'] !== './package.json') {
      problems.push('"exports" must contain "./package.json": "./package.json"');
    }
    if (!('.' in exportsField)) problems.push('"exports" must have a "." entry');
    checkConditionOrder(exportsField, '', problems);
  }
  if (!Array.isArray(manifest.files) || manifest.files.length === 0) {
    problems.push('"files" must list what is published');
  }
  if (manifest.sideEffects !== false) problems.push('"sideEffects" must be false');
  const engine = /^>=\s*(\d+)(\.\d+){0,2}$/.exec(manifest.engines?.node ?? '');
  if (!engine || Number(engine[1]) < MINIMUM_NODE_MAJOR) {
    problems.push(
      `"engines.node" must be ">=${MINIMUM_NODE_MAJOR}" (found ${JSON.stringify(manifest.engines?.node)})`,
    );
  }
  if (manifest.publishConfig?.access !== 'public')
    problems.push('"publishConfig.access" must be "public"');
  if (manifest.publishConfig?.provenance !== true)
    problems.push('"publishConfig.provenance" must be true');
  if (manifest.license !== 'MIT') problems.push('"license" must be "MIT"');
  if (typeof manifest.repository !== 'object' || !manifest.repository?.url) {
    problems.push('"repository" must be an object with "url"');
  } else if (manifest.repository.directory !== directoryFromRoot) {
    problems.push(
      `"repository.directory" must be "${directoryFromRoot}" (found ${JSON.stringify(manifest.repository.directory)})`,
    );
  }
  if (typeof manifest.description !== 'string' || manifest.description.length === 0) {
    problems.push('"description" is missing');
  }
  return problems;
}

/** Problems with the list of files inside the packed tarball (paths relative to the package). */
export function packedFileProblems(files) {
  const problems = [];
  for (const required of ['package.json', 'README.md', 'LICENSE']) {
    if (!files.includes(required)) problems.push(`the tarball has no ${required}`);
  }
  for (const file of files) {
    if (/\.(test|test-d|bench|spec)\.[cm]?[jt]s$|(^|\/)test-support\//.test(file)) {
      problems.push(`test or bench file published: ${file}`);
    }
  }
  return problems;
}
