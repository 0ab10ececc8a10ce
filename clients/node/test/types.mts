// Type-checked by `npm run check-types` (tsc), never run: what a TypeScript user of the ES module
// face writes (index.d.mts).
import latchkey, { App, Client, Credentials, LatchkeyError, Reason } from 'latchkey';
import type { AccessToken__Output, User__Output, TokenOptions } from 'latchkey';

export async function usage(): Promise<string> {
  const client = new latchkey.Client();
  const options: TokenOptions = { app: 'dev', minValid: 30 };
  const full: AccessToken__Output = await client.accessToken(options);
  const user: User__Output = await new Client('/run/latchkey/latchkeyd.sock').currentUser();
  const realm = await new App('dev').logIn(Credentials.anonymous());
  try {
    await realm.logOut();
  } catch (err) {
    if (err instanceof LatchkeyError && err.hasReason(Reason.REAUTH_REQUIRED)) return 'again';
  }
  return `${full.token} ${user.id} ${realm.state}`;
}
