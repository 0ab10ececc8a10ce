#!/usr/bin/env python3
"""A second, independently written OpenID provider for the tests: django-oauth-toolkit (on
oauthlib and Django, pinned in requirements.txt) as its own documentation sets it up, with an
issuer path (`/o`), in one file. Started by the test harness:

    python provider.py --port PORT --state DIR [--access-ttl SECONDS] [--metadata MODE]

It prints `ready ISSUER` once it listens. Its state (the SQLite database and the signing key) is
in DIR, so a restart on the same DIR keeps every grant and token. What the tests read from the
provider's side comes from that database, through /test/db (counts of live and revoked tokens
and grants, never their values), and from its request log (/test/requests: method, path and
grant type of each request).

Clients (all with the loopback redirect http://127.0.0.1/callback, any port, RFC 8252):
  latchkey-web      confidential, authorization code with PKCE (+ refresh)
  latchkey-pass     confidential, password (+ refresh)
  latchkey-service  confidential, client credentials
  latchkey-device   public, device authorization
  latchkey-device-c confidential, device authorization
Users: alice and bob, password "correct horse" each.

--metadata: where the RFC 8414 document is served: `issuer` (ISSUER/.well-known/
oauth-authorization-server, the default of the toolkit mounted under a prefix), `inserted`
(the RFC 8414 §3.1 form, /.well-known/oauth-authorization-server/o), or `none`.
"""

import argparse
import os
import sys
import threading

SECRET = "latchkey-dot-secret"
PASSWORD = "correct horse"
REQUESTS = []
LOCK = threading.Lock()


def arguments():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--state", required=True)
    parser.add_argument("--access-ttl", type=int, default=3600)
    parser.add_argument("--metadata", choices=["issuer", "inserted", "none"], default="issuer")
    return parser.parse_args()


def signing_key(state):
    """The provider's RSA key, made once and kept in the state directory."""
    path = os.path.join(state, "signing-key.pem")
    if not os.path.exists(path):
        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.asymmetric import rsa

        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
        with open(path, "wb") as out:
            out.write(pem)
    with open(path) as key_file:
        return key_file.read()


def configure(args):
    from django.conf import settings

    here = os.path.dirname(os.path.abspath(__file__))
    issuer = f"http://127.0.0.1:{args.port}/o"
    settings.configure(
        DEBUG=False,
        ALLOWED_HOSTS=["127.0.0.1", "localhost"],
        SECRET_KEY="latchkey-tests-only",
        ROOT_URLCONF=__name__,
        USE_TZ=True,
        INSTALLED_APPS=[
            "django.contrib.auth",
            "django.contrib.contenttypes",
            "django.contrib.sessions",
            "oauth2_provider",
        ],
        MIDDLEWARE=[
            f"{__name__}.RequestLog",
            "django.contrib.sessions.middleware.SessionMiddleware",
            "django.middleware.csrf.CsrfViewMiddleware",
            "django.contrib.auth.middleware.AuthenticationMiddleware",
        ],
        DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3",
                               "NAME": os.path.join(args.state, "provider.sqlite3")}},
        TEMPLATES=[{"BACKEND": "django.template.backends.django.DjangoTemplates",
                    "DIRS": [os.path.join(here, "templates")], "APP_DIRS": True,
                    "OPTIONS": {"context_processors": ["django.template.context_processors.request",
                                                       "django.contrib.auth.context_processors.auth"]}}],
        LOGIN_URL="/accounts/login/",
        PASSWORD_HASHERS=["django.contrib.auth.hashers.PBKDF2PasswordHasher"],
        OAUTH2_PROVIDER={
            "OIDC_ENABLED": True,
            "OIDC_RSA_PRIVATE_KEY": signing_key(args.state),
            "OIDC_ISS_ENDPOINT": issuer,
            "PKCE_REQUIRED": True,
            "SCOPES": {"openid": "OpenID Connect", "profile": "Profile", "email": "Email",
                       "read": "Read", "write": "Write"},
            "DEFAULT_SCOPES": ["read"],
            "ACCESS_TOKEN_EXPIRE_SECONDS": args.access_ttl,
            "ROTATE_REFRESH_TOKEN": True,
            "REFRESH_TOKEN_REUSE_PROTECTION": True,
            "DEVICE_FLOW_INTERVAL": 1,
            "OAUTH2_VALIDATOR_CLASS": f"{__name__}.Claims",
            "OAUTH_DEVICE_VERIFICATION_URI": f"http://127.0.0.1:{args.port}/o/device/",
        },
    )
    return issuer


def claims_class():
    from oauth2_provider.oauth2_validators import OAuth2Validator

    class Claims(OAuth2Validator):
        """The user's name and email in the ID token and at userinfo (the toolkit's documented
        way: only `sub` without it)."""

        def get_additional_claims(self, request):
            user = request.user
            return {"name": user.get_full_name() or user.username, "email": user.email,
                    "preferred_username": user.username}

    return Claims


class RequestLog:
    """Middleware: the method, path and grant type of every request, for /test/requests."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        grant = request.POST.get("grant_type", "") if request.method == "POST" else ""
        has_client_id = request.method == "POST" and "client_id" in request.POST
        response = self.get_response(request)
        if not request.path.startswith("/test/"):
            with LOCK:
                REQUESTS.append({"method": request.method, "path": request.path, "grant_type": grant,
                                 "client_id_in_body": has_client_id, "status": response.status_code})
        return response


def db_view(request):
    """Counts read from the provider's database: tokens and grants, live and revoked."""
    from django.http import JsonResponse
    from django.utils import timezone
    from oauth2_provider.models import AccessToken, DeviceGrant, Grant, IDToken, RefreshToken

    now = timezone.now()
    client = request.GET.get("client")

    def of_client(query):
        return query.filter(application__client_id=client) if client else query

    refresh = of_client(RefreshToken.objects.all())
    return JsonResponse({
        "access_tokens": of_client(AccessToken.objects.all()).count(),
        "live_access_tokens": of_client(AccessToken.objects.filter(expires__gt=now)).count(),
        "refresh_tokens": refresh.count(),
        "revoked_refresh_tokens": refresh.filter(revoked__isnull=False).count(),
        "live_refresh_tokens": refresh.filter(revoked__isnull=True).count(),
        "id_tokens": of_client(IDToken.objects.all()).count(),
        "grants": of_client(Grant.objects.all()).count(),
        "device_grants": DeviceGrant.objects.count(),
        "live_access_token_scopes": sorted(
            token.scope for token in of_client(AccessToken.objects.filter(expires__gt=now))),
    })


def revoke_view(request):
    """Revokes every refresh token of ?user= (what an administrator does)."""
    from django.http import JsonResponse
    from oauth2_provider.models import RefreshToken

    revoked = 0
    for token in RefreshToken.objects.filter(user__username=request.GET["user"], revoked__isnull=True):
        token.revoke()
        revoked += 1
    return JsonResponse({"revoked": revoked})


def requests_view(request):
    from django.http import JsonResponse

    with LOCK:
        return JsonResponse({"requests": list(REQUESTS)})


def setup():
    """The database, the users and the clients (each made once)."""
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from oauth2_provider.models import Application

    call_command("migrate", verbosity=0, interactive=False)
    for name in ("alice", "bob"):
        if not User.objects.filter(username=name).exists():
            User.objects.create_user(name, f"{name}@example.test", PASSWORD, first_name=name.title())
    clients = [
        ("latchkey-web", Application.CLIENT_CONFIDENTIAL, Application.GRANT_AUTHORIZATION_CODE),
        ("latchkey-pass", Application.CLIENT_CONFIDENTIAL, Application.GRANT_PASSWORD),
        ("latchkey-service", Application.CLIENT_CONFIDENTIAL, Application.GRANT_CLIENT_CREDENTIALS),
        ("latchkey-device", Application.CLIENT_PUBLIC, Application.GRANT_DEVICE_CODE),
        ("latchkey-device-c", Application.CLIENT_CONFIDENTIAL, Application.GRANT_DEVICE_CODE),
    ]
    for client_id, client_type, grant in clients:
        if Application.objects.filter(client_id=client_id).exists():
            continue
        Application.objects.create(
            name=client_id, client_id=client_id, client_type=client_type,
            client_secret=SECRET if client_type == Application.CLIENT_CONFIDENTIAL else "",
            authorization_grant_type=grant, redirect_uris="http://127.0.0.1/callback",
            algorithm=Application.RS256_ALGORITHM, skip_authorization=False,
        )


def urls(metadata):
    from django.contrib.auth import views as auth_views
    from django.urls import include, path
    from django.views.decorators.csrf import csrf_exempt
    from oauth2_provider import urls as oauth_urls

    patterns = [
        path("o/", include("oauth2_provider.urls", namespace="oauth2_provider")),
        path("accounts/login/", auth_views.LoginView.as_view(template_name="login.html")),
        path("test/db", db_view),
        path("test/requests", requests_view),
        path("test/revoke", csrf_exempt(revoke_view)),
    ]
    if metadata == "inserted":
        patterns += [path("", include((oauth_urls.metadata_urlpatterns, "metadata")))]
    return patterns


def serve(port, issuer):
    from socketserver import ThreadingMixIn
    from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

    from django.core.wsgi import get_wsgi_application

    class Server(ThreadingMixIn, WSGIServer):
        daemon_threads = True

    class Quiet(WSGIRequestHandler):
        def log_message(self, *args):
            pass

    server = make_server("127.0.0.1", port, get_wsgi_application(), server_class=Server,
                         handler_class=Quiet)
    print(f"ready {issuer}", flush=True)
    server.serve_forever()


def main():
    args = arguments()
    os.makedirs(args.state, exist_ok=True)
    issuer = configure(args)
    import django

    django.setup()
    global urlpatterns, Claims
    Claims = claims_class()
    urlpatterns = urls(args.metadata)
    if args.metadata == "none":
        # The toolkit's own routes under the prefix include the issuer-appended RFC 8414
        # document: take it away, so that only the OpenID document is there.
        from oauth2_provider import urls as oauth_urls

        oauth_urls.urlpatterns = [pattern for pattern in oauth_urls.urlpatterns
                                  if pattern not in oauth_urls.metadata_urlpatterns]
    setup()
    serve(args.port, issuer)


urlpatterns = []
Claims = None

if __name__ == "__main__":
    sys.modules.setdefault("provider", sys.modules[__name__])
    main()
