import type { SandboxUser } from '@enkash/sandbox';

/** The credentials of tenant `index`: every tenant a different EnKash client and user. */
export function tenantUser(index: number): SandboxUser {
  return {
    clientId: `TENANT${String(index).padStart(6, '0')}`,
    clientSecret: `tenant-secret-${index}`,
    username: `tenant.${index}@example.com`,
    password: `Tenant@${index}`,
  };
}
