import { describe, expect, it } from 'vitest';
import { hostileAuth, useHostileServer } from '../../test-support/hostile-auth.js';
import { answer, answerToken, startHostileServer } from '../../test-support/hostile-server.js';

const server = useHostileServer();

describe('the bearer client and redirects', () => {
  it.each([301, 302, 303, 307, 308])(
    'drops Authorization when an API answer redirects to another origin (HTTP %i)',
    async (status) => {
      const target = await startHostileServer();
      try {
        target.fallback = answer(200, '{}');
        server().fallback = (socket, request) => {
          const behaviour = request.path.endsWith('/oauth/token')
            ? answerToken('bearer-token-never-elsewhere')
            : answer(status, '', { Location: `${target.origin}/elsewhere` });
          behaviour(socket, request);
        };
        const auth = hostileAuth(server());
        const response = await auth.fetch('api/accounts');
        expect(response.status).toBe(200);
        const [api] = server().requests.filter((request) => request.path.includes('/api/'));
        expect(api?.headers.authorization).toBe('Bearer bearer-token-never-elsewhere');
        expect(target.requests).toHaveLength(1);
        expect(target.requests[0]?.headers).not.toHaveProperty('authorization');
      } finally {
        await target.close();
      }
    },
  );
});
