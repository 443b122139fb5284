// The Node versions consumers run the SDK on, as the test command fetches them.
import path from 'node:path';
import { ensureToolchain } from '../lib/toolchain.mjs';
import { repositoryRoot } from './consumer-projects.js';

/** A Node binary of the matrix. */
export interface NodeBinary {
  label: string;
  executable: string;
}

/** Node 22 and Node 24: the machine's own when it is that major, else the pinned one in `.tools/`. */
export function nodeBinaries(): NodeBinary[] {
  const toolchain = ensureToolchain(
    { root: repositoryRoot, tools: path.join(repositoryRoot, '.tools') },
    { matrix: true },
  );
  return [toolchain.node22, toolchain.node24].map((node) => {
    if (node === undefined) throw new Error('the toolchain found no Node for the matrix');
    return { label: `Node ${node.version}`, executable: node.executable };
  });
}
