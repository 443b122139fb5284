import { atMost, type Figure, formatDuration } from '../figure.js';
import { fastestOf, type InterleavedResult, ratios } from '../interleaved.js';
import { TOKEN_REQUEST_PEERS, type TokenRequestPeer } from './token-request-peer-labels.js';

/**
 * The rows of a token-request comparison: ours (`ours`) against each peer
 * (reported), then against the fastest of them, with `maximum` as its target
 * when there is one (our time ÷ theirs).
 */
export function tokenRequestFigures(
  result: InterleavedResult,
  text: Pick<Figure, 'figure' | 'ratioMeaning'>,
  maximum?: number,
): { figures: Figure[]; fastest: TokenRequestPeer } {
  const time = (name: string) => formatDuration(result.medianNs.cpu[name] ?? Number.NaN);
  const figures: Figure[] = Object.entries(TOKEN_REQUEST_PEERS).map(([name, label]) => ({
    ...text,
    against: label,
    ours: time('ours'),
    theirs: time(name),
    ...ratios(result, 'ours', name),
    target: '',
    verdict: 'INFO' as const,
  }));
  const fastest = fastestOf(result, Object.keys(TOKEN_REQUEST_PEERS)) as TokenRequestPeer;
  const againstFastest = ratios(result, 'ours', fastest);
  figures.push({
    ...text,
    against: `the fastest of those (${TOKEN_REQUEST_PEERS[fastest]})`,
    ours: time('ours'),
    theirs: time(fastest),
    ...againstFastest,
    target: maximum === undefined ? '' : `≤ ${maximum}×`,
    verdict: maximum === undefined ? 'INFO' : atMost(againstFastest.ratio, maximum),
  });
  return { figures, fastest };
}
