// A new process's first token with the SDK, as an application writes it: the product package
// from node_modules (its built dist), one auth, one getToken().
import { createRewardsAuth } from '@enkash/rewards';
import { readChildInput, reportChild } from './child-io.js';

const { baseUrl, user } = readChildInput();
const auth = createRewardsAuth({ baseUrl, ...user });
reportChild((await auth.getToken()).accessToken);
