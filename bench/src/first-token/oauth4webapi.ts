// A new process's first token with oauth4webapi (a generic password grant and its checks).
import { createOauth4webapiTokenRequest } from '../peers/oauth4webapi-token-request.js';
import { readChildInput, reportChild } from './child-io.js';

const { baseUrl, user } = readChildInput();
const request = createOauth4webapiTokenRequest({ tokenUrl: `${baseUrl}/oauth/token`, ...user });
reportChild(((await request()) as { access_token?: unknown }).access_token);
