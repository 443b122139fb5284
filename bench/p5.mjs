import { createRewardsAuth } from '@enkash/rewards';
import { rewardsDefinition } from '../packages/rewards/dist/definition.js';
import { resolveOptions } from '../packages/auth-core/dist/options.js';
import { createTokenRequestContext, prepareTokenRequest, requestToken } from '../packages/auth-core/dist/token-request.js';
import { createKeepAlive } from '../packages/auth-core/dist/keep-alive.js';
import { prepareAuth } from '../packages/auth-core/dist/lifecycle-auth.js';
import { requestAndKeep } from '../packages/auth-core/dist/guarded-token-request.js';
import { createLifecycle } from '../packages/auth-core/dist/lifecycle.js';
import { startSandbox } from '@enkash/sandbox';
import { ratios } from './dist/interleaved.js';
import { runAlternating } from './dist/alternating.js';
import { createBareFetchTokenRequest, createOauth4webapiTokenRequest, createSimpleOauth2TokenRequest } from './dist/peers/token-request-peers.js';
const sandbox = await startSandbox();
const user = sandbox.users.rewards; const baseUrl = sandbox.baseUrl('rewards');
const auth = createRewardsAuth({ baseUrl, ...user });
const resolved = resolveOptions(rewardsDefinition, { baseUrl, ...user });
const context = createTokenRequestContext(rewardsDefinition, resolved);
const prepared = await prepareTokenRequest(context);
const keepAlive = createKeepAlive();
const lctx = { ...createTokenRequestContext(rewardsDefinition, resolveOptions(rewardsDefinition, { baseUrl, ...user, username: user.username })), emit: () => {} };
const internal = prepareAuth(lctx);
const lifecycle = createLifecycle({ ...createTokenRequestContext(rewardsDefinition, resolved), emit: () => {} });
const all = {
  bare: createBareFetchTokenRequest({ tokenUrl: `${baseUrl}/oauth/token`, ...user }),
  RT: () => requestToken(context, prepared),
  o4w: createOauth4webapiTokenRequest({ tokenUrl: `${baseUrl}/oauth/token`, ...user }),
  s2: createSimpleOauth2TokenRequest({ tokenUrl: `${baseUrl}/oauth/token`, ...user }),
  RK: () => requestAndKeep(internal, internal.account()),
  LC: () => lifecycle.getToken({ forceRefresh: true }),
  RTref: async () => { const leave = keepAlive.enter(); try { return await requestToken(context, prepared, keepAlive); } finally { leave(); } },
  ours: () => auth.getToken({ forceRefresh: true }),
};
const pick = (process.argv[2] ?? 'bare,RT,ours,o4w,s2').split(','); const modes = Object.fromEntries(pick.map((n) => [n, all[n]]));
const r = await runAlternating(Object.entries(modes).map(([name, run]) => ({ name, run })), { rounds: 31, batchMs: 25, warmupRounds: 3 });
for (const n of Object.keys(modes)) { if (n === 'bare') continue; const x = ratios(r, n, 'bare'); console.log(n.padEnd(6), 'vs bare cpu', x.ratio.toFixed(3), 'wall', x.wallRatio.toFixed(3), (r.medianNs.cpu[n]/1e3).toFixed(0)); }
await sandbox.close();
