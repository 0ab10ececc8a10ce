// Type-checked by `npm run check-types` (tsc), never run: what a TypeScript user of the CommonJS
// face writes (require through `import ... from 'latchkey'` in a CommonJS module).
import { App, Client, Credentials, LatchkeyError, Reason, status } from 'latchkey';
import type { AccessToken__Output, IdToken__Output, LogInRequest, SessionEvent__Output, User__Output } from 'latchkey';

export async function usage(): Promise<string> {
  const client = new Client({ socket: '/run/latchkey/latchkeyd.sock' });
  const request: LogInRequest = { app: 'dev', credentials: { anonymous: {} } };
  const user: User__Output = await client.sessions.logIn(request);
  const same: User__Output = await client.sessions.LogIn(request);
  const full: AccessToken__Output = await client.accessToken({ app: 'dev', minValid: 30, scopes: ['read'] });
  for await (const event of client.watch({ app: 'dev', snapshot: false })) {
    const seen: SessionEvent__Output = event;
    if (seen.kind === 'tokenExpired') break;
  }
  const watching = await client.onReauthRequired((event) => console.log(event.userId), { app: 'dev' });
  watching.close();
  const answer: Response = await client.fetch('https://api.example.com/', { method: 'GET' }, { app: 'dev' });
  try {
    await client.token();
  } catch (err) {
    if (err instanceof LatchkeyError && (err.isReauthRequired() || err.reason === Reason.NO_CURRENT_USER)) {
      return String(err.code === status.UNAUTHENTICATED);
    }
  }
  for await (const step of client.sessions.logInWithDevice({ app: 'dev' })) console.log(step);
  const id: IdToken__Output = await client.idToken({ app: 'corp', minValid: 30 });
  const app = new App({ id: 'dev', client });
  const realmUser = await app.logIn(Credentials.emailPassword('ada@example.com', 'secret'));
  const keys = await realmUser.apiKeys.fetchAll();
  const current = await app.currentUser();
  const everyone: string[] = Object.keys(await app.allUsers());
  const data: Record<string, unknown> = await realmUser.refreshCustomData();
  console.log(id.token, keys.map((key) => key.name), current?.state, everyone, data, realmUser.isLoggedIn);
  return `${user.id} ${same.id} ${full.token} ${answer.status} ${(await client.currentUser()).id}`;
}
