import { type ChildProcess, execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { findBinary, launch, terminate } from './redis-server.js';

/** How long the cluster may take to form (every node agreeing on every slot), on a loaded machine. */
export const CLUSTER_READY_MS = 30_000;
/** How long a node waits for another before taking it for failed: short, to watch a failure. */
export const NODE_TIMEOUT_MS = 1_000;

/** A node of the cluster. */
export interface ClusterNode {
  host: '127.0.0.1';
  port: number;
}

/** A Redis Cluster of 3 masters on loopback, each in a temporary folder of its own. */
export interface RedisCluster {
  readonly nodes: ClusterNode[];
  /** A plain connection to each node, for the test's own inspection. */
  readonly connections: Redis[];
  /** The node serving `key`'s slot, as the cluster says. */
  nodeOf(key: string): Promise<ClusterNode>;
  /** Kills one node without warning (SIGKILL). */
  kill(node: ClusterNode): Promise<void>;
  /** Stops every node and removes their folders. */
  stop(): Promise<void>;
}

/** The cluster a suite runs against, or why the suite is skipped. */
export interface RedisClusterLookup {
  /** Why the suite is skipped (already printed), or `undefined` when it runs. */
  readonly skipReason: string | undefined;
  startRedisCluster(): Promise<RedisCluster>;
}

/**
 * Looks `redis-server` and `redis-cli` up once per suite file. Synchronous,
 * so the suite can pass `skipReason !== undefined` to `describe.skipIf`.
 */
export function lookUpRedisCluster(): RedisClusterLookup {
  const server = findBinary('redis-server', 'REDIS_SERVER_BIN', 'redis-server');
  const cli = findBinary('redis-cli', 'REDIS_CLI_BIN', 'redis-tools');
  const missing = [server, cli].flatMap((binary) => ('missing' in binary ? [binary.missing] : []));
  if (missing.length > 0 || !('path' in server) || !('path' in cli)) {
    const skipReason = `Skipping @enkash/auth-redis tests against a real Redis Cluster: ${missing.join('; ')}.`;
    console.warn(skipReason);
    return {
      skipReason,
      startRedisCluster: () => Promise.reject(new Error(skipReason)),
    };
  }
  return {
    skipReason: undefined,
    async startRedisCluster() {
      let lastError: unknown;
      // A free port can be taken between probing and binding: try a few times.
      for (let attempt = 0; attempt < 3; attempt += 1) {
        try {
          return await startCluster(server.path, cli.path);
        } catch (error) {
          lastError = error;
        }
      }
      throw new Error('the Redis Cluster did not start', { cause: lastError });
    },
  };
}

async function startCluster(serverBinary: string, cliBinary: string): Promise<RedisCluster> {
  const folder = mkdtempSync(join(tmpdir(), 'enkash-redis-cluster-'));
  const processes = new Map<number, ChildProcess>();
  const connections: Redis[] = [];
  const stop = async () => {
    for (const connection of connections) connection.disconnect();
    await Promise.all([...processes.values()].map(terminate));
    rmSync(folder, { recursive: true, force: true });
  };
  try {
    const ports = await clusterPorts(3);
    for (const port of ports) {
      const node = await launch(
        serverBinary,
        port,
        [
          '--cluster-enabled',
          'yes',
          '--cluster-config-file',
          `nodes-${port}.conf`,
          '--cluster-node-timeout',
          String(NODE_TIMEOUT_MS),
        ],
        folder,
      );
      processes.set(port, node);
    }
    await promisify(execFile)(
      cliBinary,
      [
        '--cluster',
        'create',
        ...ports.map((port) => `127.0.0.1:${port}`),
        '--cluster-replicas',
        '0',
        '--cluster-yes',
      ],
      { timeout: CLUSTER_READY_MS },
    );
    for (const port of ports) {
      const connection = new Redis({ host: '127.0.0.1', port, lazyConnect: true });
      // A node the test kills makes its connection fail: expected, and not to be printed.
      connection.on('error', () => undefined);
      connections.push(connection);
    }
    await untilEveryNodeIsReady(connections);
    const nodes = ports.map((port) => ({ host: '127.0.0.1' as const, port }));
    return {
      nodes,
      connections,
      async nodeOf(key) {
        const slot = await (connections[0] as Redis).cluster('KEYSLOT', key);
        const ranges = await (connections[0] as Redis).cluster('SLOTS');
        const range = ranges.find(([from, to]) => slot >= from && slot <= to);
        const port = range?.[2]?.[1];
        const node = nodes.find((candidate) => candidate.port === port);
        if (node === undefined) throw new Error(`no node serves slot ${slot}`);
        return node;
      },
      async kill(node) {
        const child = processes.get(node.port);
        if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGKILL');
        await exited;
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Resolves once every node says the cluster is ok and knows all 16,384 slots. */
async function untilEveryNodeIsReady(connections: Redis[]): Promise<void> {
  const giveUpAt = Date.now() + CLUSTER_READY_MS;
  for (;;) {
    const infos = await Promise.all(connections.map((connection) => connection.cluster('INFO')));
    if (
      infos.every(
        (info) =>
          String(info).includes('cluster_state:ok') &&
          String(info).includes('cluster_slots_ok:16384'),
      )
    ) {
      return;
    }
    if (Date.now() > giveUpAt) {
      throw new Error(
        `the cluster did not form within ${CLUSTER_READY_MS} ms:\n${infos.join('\n')}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** `count` ports whose cluster bus ports (port + 10000) are free too. */
async function clusterPorts(count: number): Promise<number[]> {
  const ports: number[] = [];
  while (ports.length < count) {
    const port = 20_000 + Math.floor(Math.random() * 10_000);
    if (!ports.includes(port) && (await isFree(port)) && (await isFree(port + 10_000))) {
      ports.push(port);
    }
  }
  return ports;
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}
