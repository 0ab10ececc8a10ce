// The real OpenID provider Latchkey's tests run against: oidc-provider (an OpenID Certified
// implementation) on loopback, configured from the command line. It prints one line,
// `listening http://127.0.0.1:PORT`, when ready.
//
//   node provider.mjs --port N [--access-ttl S] [--refresh-ttl S] [--cc-ttl S]
//                     [--interval S] [--slow-down N] [--rotate true|false]
//                     [--tamper aud|nonce|sig] [--stall-refresh N --stall-seconds S]
//                     [--id-ttl S] [--no-refresh-id-token true]
//
// The tokens are the provider's own. What the script adds, for tests only, under /test/:
//   GET  /test/counters          token requests by grant type, refresh-token reuse attempts,
//                                device polls answered slow_down
//   POST /test/revoke?account=A   server-side revocation of every grant of account A
// and, on the device authorization answer, an `interval` (the provider sends none: RFC 8628's
// default of 5 s would make every test wait). `--slow-down N` turns the first N
// `authorization_pending` answers into `slow_down`; `--tamper` spoils the ID tokens the token endpoint returns (a wrong
// `aud`, a wrong `nonce`, or a broken signature), re-signed with the provider's own key where a
// signature is kept, to play a hostile or broken server. `--stall-refresh N` holds the answers
// of the first N refresh grants for `--stall-seconds` after the provider has handled them (the
// answer of a request the provider did see, lost on the way). `--id-ttl` sets the ID tokens'
// lifetime; `--no-refresh-id-token true` leaves the ID token out of refresh answers, as some
// providers do.

import crypto from 'node:crypto';
import Provider from 'oidc-provider';

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, arg, i, all) => {
    if (arg.startsWith('--')) pairs.push([arg.slice(2), all[i + 1]]);
    return pairs;
  }, []),
);
const num = (name, fallback) => (args[name] === undefined ? fallback : Number(args[name]));

const port = num('port', 0);
if (!port) throw new Error('--port is required: the issuer names it');
const accessTtl = num('access-ttl', 60);
const refreshTtl = num('refresh-ttl', 3600);
const ccTtl = num('cc-ttl', accessTtl);
const interval = num('interval', 1);
let slowDowns = num('slow-down', 0);
const rotate = args.rotate !== 'false';
const tamper = args.tamper;
let stalls = num('stall-refresh', 0);
const stallSeconds = num('stall-seconds', 10);
const idTtl = num('id-ttl', 3600);
const noRefreshIdToken = args['no-refresh-id-token'] === 'true';

const API = 'https://api.example.test';
const API_SCOPES = 'api:read api:write';

// A storage adapter in memory that can also find grants by account (for /test/revoke).
const stores = new Map();
class MemoryAdapter {
  constructor(name) {
    this.name = name;
    if (!stores.has(name)) stores.set(name, new Map());
    this.store = stores.get(name);
  }
  async upsert(id, payload, expiresIn) {
    const expiresAt = expiresIn ? Date.now() + expiresIn * 1000 : undefined;
    this.store.set(id, { payload, expiresAt });
  }
  async find(id) {
    const entry = this.store.get(id);
    if (!entry) return undefined;
    if (entry.expiresAt !== undefined && entry.expiresAt < Date.now()) {
      this.store.delete(id);
      return undefined;
    }
    return entry.payload;
  }
  async findByUserCode(userCode) {
    for (const [id, { payload }] of this.store) {
      if (payload.userCode === userCode) return this.find(id);
    }
    return undefined;
  }
  async findByUid(uid) {
    for (const [id, { payload }] of this.store) {
      if (payload.uid === uid) return this.find(id);
    }
    return undefined;
  }
  async consume(id) {
    const entry = this.store.get(id);
    if (entry) entry.payload.consumed = Math.floor(Date.now() / 1000);
  }
  async destroy(id) {
    this.store.delete(id);
  }
  async revokeByGrantId(grantId) {
    for (const store of stores.values()) {
      for (const [id, { payload }] of store) {
        if (payload.grantId === grantId) store.delete(id);
      }
    }
  }
}

const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingJwk = { ...privateKey.export({ format: 'jwk' }), kid: 'test-key-1', alg: 'RS256', use: 'sig' };

const accounts = {
  async findAccount(_ctx, id) {
    return {
      accountId: id,
      async claims() {
        return { sub: id, name: `User ${id}`, email: `${id}@example.test`, email_verified: true };
      },
    };
  },
};

const configuration = {
  adapter: MemoryAdapter,
  ...accounts,
  jwks: { keys: [signingJwk] },
  clients: [
    {
      // The daemon's confidential client (what oidc-agent needs too).
      client_id: 'latchkey',
      client_secret: 'latchkey-test-secret',
      application_type: 'native',
      grant_types: [
        'authorization_code',
        'refresh_token',
        'urn:ietf:params:oauth:grant-type:device_code',
        'client_credentials',
      ],
      response_types: ['code'],
      redirect_uris: ['http://127.0.0.1/callback'],
      scope: `openid offline_access profile email ${API_SCOPES}`,
    },
    {
      // A public client (no secret): PKCE is required of it.
      client_id: 'latchkey-public',
      token_endpoint_auth_method: 'none',
      application_type: 'native',
      grant_types: ['authorization_code', 'refresh_token', 'urn:ietf:params:oauth:grant-type:device_code'],
      response_types: ['code'],
      redirect_uris: ['http://127.0.0.1/callback'],
      scope: `openid offline_access profile email ${API_SCOPES}`,
    },
  ],
  claims: { openid: ['sub'], profile: ['name'], email: ['email', 'email_verified'] },
  scopes: ['openid', 'offline_access', 'profile', 'email', 'api:read', 'api:write'],
  features: {
    devInteractions: { enabled: true },
    deviceFlow: { enabled: true },
    clientCredentials: { enabled: true },
    revocation: { enabled: true },
    introspection: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: async (_ctx, _client, oneOf) => oneOf,
      useGrantedResource: async () => false,
      getResourceServerInfo: async (_ctx, resource) => {
        if (resource !== API) throw new Provider.errors.InvalidTarget();
        return { scope: API_SCOPES, audience: API, accessTokenTTL: accessTtl, accessTokenFormat: 'opaque' };
      },
    },
  },
  pkce: { required: () => true },
  rotateRefreshToken: () => rotate,
  clockTolerance: 0,
  ttl: {
    AccessToken: accessTtl,
    ClientCredentials: ccTtl,
    RefreshToken: refreshTtl,
    IdToken: idTtl,
    DeviceCode: 600,
    Grant: 86400,
    Interaction: 3600,
    Session: 86400,
  },
  loadExistingGrant: async (ctx) => {
    const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    return grantId ? ctx.oidc.provider.Grant.find(grantId) : undefined;
  },
};

const provider = new Provider(`http://127.0.0.1:${port}`, configuration);

const counters = { grants: {}, reused: 0, revocations: 0, device_authorizations: 0 };
provider.on('grant.success', (ctx) => {
  const type = ctx.oidc.params.grant_type;
  counters.grants[type] = (counters.grants[type] || 0) + 1;
});
provider.on('grant.error', (ctx, err) => {
  if (String(err.error_detail || err.message).includes('already used')) counters.reused += 1;
});

const b64 = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
function spoil(idToken) {
  const [header, payload, signature] = idToken.split('.');
  if (tamper === 'sig') return `${header}.${payload}.${signature.slice(0, -4)}AAAA`;
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
  if (tamper === 'aud') claims.aud = 'someone-else';
  if (tamper === 'nonce') claims.nonce = 'not-the-nonce-you-sent';
  const input = `${b64(JSON.parse(Buffer.from(header, 'base64url').toString()))}.${b64(claims)}`;
  const sig = crypto.sign('sha256', Buffer.from(input), privateKey).toString('base64url');
  return `${input}.${sig}`;
}

provider.use(async (ctx, next) => {
  if (ctx.path === '/test/counters') {
    ctx.body = counters;
    return;
  }
  if (ctx.path === '/test/revoke' && ctx.method === 'POST') {
    const account = ctx.query.account;
    let revoked = 0;
    for (const [id, { payload }] of stores.get('Grant') || []) {
      if (payload.accountId === account) {
        await new MemoryAdapter('Grant').revokeByGrantId(id);
        stores.get('Grant')?.delete(id);
        revoked += 1;
      }
    }
    ctx.body = { revoked };
    return;
  }
  await next();
  if (ctx.path === '/token/revocation' && ctx.status === 200) counters.revocations += 1;
  if (ctx.path === '/device/auth' && ctx.status === 200 && ctx.body && typeof ctx.body === 'object') {
    counters.device_authorizations += 1;
    ctx.body = { ...ctx.body, interval };
  }
  if (stalls > 0 && ctx.path === '/token' && ctx.oidc?.params?.grant_type === 'refresh_token') {
    stalls -= 1;
    counters.stalled = (counters.stalled || 0) + 1;
    await new Promise((resolve) => setTimeout(resolve, stallSeconds * 1000));
  }
  if (slowDowns > 0 && ctx.path === '/token' && ctx.body?.error === 'authorization_pending') {
    slowDowns -= 1;
    counters.slowed_down = (counters.slowed_down || 0) + 1;
    ctx.body = { error: 'slow_down', error_description: 'polling too fast' };
  }
  if (noRefreshIdToken && ctx.path === '/token' && ctx.oidc?.params?.grant_type === 'refresh_token' && ctx.body?.id_token) {
    const { id_token: _dropped, ...rest } = ctx.body;
    ctx.body = rest;
  }
  if (tamper && ctx.path === '/token' && ctx.status === 200 && ctx.body?.id_token) {
    ctx.body = { ...ctx.body, id_token: spoil(ctx.body.id_token) };
  }
});

provider.listen(port, '127.0.0.1', () => {
  console.log(`listening http://127.0.0.1:${port}`);
});
