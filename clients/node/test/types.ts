// Type-checked by `npm run check-types` (tsc), never run: the declarations in index.d.ts and
// types/ describe what a TypeScript user writes.
import { Client, LatchkeyError, Reason, status } from '..';
import type { AccessToken__Output, LogInRequest, SessionEvent__Output, User__Output } from '..';

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
  return `${user.id} ${same.id} ${full.token} ${answer.status} ${(await client.currentUser()).id}`;
}
