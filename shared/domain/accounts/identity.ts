/**
 * The identity provider's side of an account. On AWS users live in Cognito,
 * whose user record holds the e-mail address the person signs in with: an
 * erasure must delete it there too, and a deactivation must stop the person
 * from signing in again. Each call is idempotent: a user who is already
 * gone counts as deleted, disabled and enabled alike (nothing is left to do).
 */
export interface IdentityDirectory {
  deleteUser(sub: string): Promise<void>;
  disableUser(sub: string): Promise<void>;
  enableUser(sub: string): Promise<void>;
}

/** Locally and in tests identities are signed tokens only: there is no directory to change. */
export const localIdentityDirectory: IdentityDirectory = {
  deleteUser: async () => {},
  disableUser: async () => {},
  enableUser: async () => {},
};
