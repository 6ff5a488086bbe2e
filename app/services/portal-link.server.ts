// The creator portal's link for a member (R31), for the emails' {PORTAL_LINK} token (R18).
// The portal is being built separately: until it exists there is no link, the token renders
// empty and a send that uses it is refused. Wiring the portal in is this one function.
export async function portalLinkFor(_memberId: string): Promise<string | null> {
  return null;
}
