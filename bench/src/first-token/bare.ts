// A new process's first token by hand: fetch with the form body and Basic header, then json().
import { createBareFetchTokenRequest } from '../peers/bare-fetch-token-request.js';
import { readChildInput, reportChild } from './child-io.js';

const { baseUrl, user } = readChildInput();
const request = createBareFetchTokenRequest({ tokenUrl: `${baseUrl}/oauth/token`, ...user });
reportChild(((await request()) as { access_token?: unknown }).access_token);
