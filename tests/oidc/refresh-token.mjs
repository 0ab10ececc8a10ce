// Prints a refresh token of the test provider, obtained headlessly: a device login of the
// confidential client, approved by driving the provider's own login and consent pages with
// fetch and a cookie jar (no browser). What another tool would hand over to import a session
// (`oidc-gen --rt-env`, Latchkey's `refresh_token` credential); the bench's OIDC mode uses it.
//
//   node refresh-token.mjs ISSUER [LOGIN] [CLIENT_ID] [CLIENT_SECRET]

const [issuer, login = 'bench', clientId = 'latchkey', clientSecret = 'latchkey-test-secret'] =
  process.argv.slice(2);
if (!issuer) throw new Error('usage: node refresh-token.mjs ISSUER [LOGIN] [CLIENT_ID] [CLIENT_SECRET]');

const basic = `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`;
const post = async (path, form) => {
  const answer = await fetch(`${issuer}${path}`, {
    method: 'POST',
    headers: { authorization: basic, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form),
    signal: AbortSignal.timeout(30_000),
  });
  return answer.json();
};

const attribute = (tag, name) => {
  const found = tag.match(new RegExp(`${name}="([^"]*)"`));
  return found ? found[1].replaceAll('&amp;', '&') : undefined;
};

// The first form of a page: its action and named inputs.
const firstForm = (html) => {
  const found = html.match(/<form[^>]*>[\s\S]*?(<\/form>|$)/);
  if (!found) return undefined;
  const head = found[0].slice(0, found[0].indexOf('>'));
  const inputs = [...found[0].matchAll(/<input[^>]*>/g)]
    .map(([tag]) => [attribute(tag, 'name'), attribute(tag, 'value') ?? ''])
    .filter(([name]) => name !== undefined);
  return { action: attribute(head, 'action') ?? '', inputs };
};

// Follows redirects and submits every form (login, consent, device confirmation) until a page
// without one.
const approve = async (start) => {
  const jar = new Map();
  let next = { method: 'GET', url: start, form: undefined };
  for (let step = 0; step < 30; step += 1) {
    const headers = {};
    if (jar.size) headers.cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const answer = await fetch(next.url, {
      method: next.method,
      headers,
      body: next.form && new URLSearchParams(next.form),
      redirect: 'manual',
      signal: AbortSignal.timeout(30_000),
    });
    for (const cookie of answer.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const at = pair.indexOf('=');
      jar.set(pair.slice(0, at).trim(), pair.slice(at + 1));
    }
    const body = await answer.text();
    const location = answer.headers.get('location');
    if (location) {
      next = { method: 'GET', url: new URL(location, next.url).toString(), form: undefined };
      continue;
    }
    const form = firstForm(body);
    if (!form) return;
    const fields = form.inputs.filter(([name]) => name !== 'login' && name !== 'password');
    if (body.includes('name="login"')) fields.push(['login', login], ['password', 'any-password']);
    next = { method: 'POST', url: new URL(form.action, next.url).toString(), form: fields };
  }
  throw new Error("the provider's pages did not end within 30 steps");
};

const started = await post('/device/auth', { scope: 'openid offline_access profile email' });
if (!started.verification_uri_complete) throw new Error(`device authorization: ${JSON.stringify(started)}`);
await approve(started.verification_uri_complete);
const tokens = await post('/token', {
  grant_type: 'urn:ietf:params:oauth:grant-type:device_code',
  device_code: started.device_code,
});
if (!tokens.refresh_token) throw new Error(`token answer without a refresh token: ${tokens.error}`);
process.stdout.write(`${tokens.refresh_token}\n`);
