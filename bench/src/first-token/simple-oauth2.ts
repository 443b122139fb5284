// A new process's first token with simple-oauth2 (the resource owner password grant).
import { createSimpleOauth2TokenRequest } from '../peers/simple-oauth2-token-request.js';
import { readChildInput, reportChild } from './child-io.js';

const { baseUrl, user } = readChildInput();
const request = createSimpleOauth2TokenRequest({ tokenUrl: `${baseUrl}/oauth/token`, ...user });
reportChild(((await request()) as { access_token?: unknown }).access_token);
