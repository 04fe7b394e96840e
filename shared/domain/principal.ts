// Who acts: a user and the roles the identity provider's groups give them. admin, bureau (all
// districts), district (its own district's projects only), viewer (read only).
export type Role = { kind: 'admin' } | { kind: 'bureau' } | { kind: 'district'; code: string } | { kind: 'viewer' };

export interface Principal {
  userId: string;
  roles: Role[];
}
