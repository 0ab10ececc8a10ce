# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_latchkey_global_optspecs
    string join \n socket= app= json owner= h/help V/version
end

function __fish_latchkey_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_latchkey_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_latchkey_using_subcommand
    set -l cmd (__fish_latchkey_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c latchkey -n "__fish_latchkey_needs_command" -l socket -d 'The daemon\'s socket (default: $LATCHKEY_SOCKET, your user daemon\'s, then the system one)' -r -F
complete -c latchkey -n "__fish_latchkey_needs_command" -l app -d 'App name (default: the daemon\'s default app)' -r
complete -c latchkey -n "__fish_latchkey_needs_command" -l owner -d 'As root: act on this uid\'s sessions instead of root\'s own' -r
complete -c latchkey -n "__fish_latchkey_needs_command" -l json -d 'Print JSON instead of text'
complete -c latchkey -n "__fish_latchkey_needs_command" -s h -l help -d 'Print help'
complete -c latchkey -n "__fish_latchkey_needs_command" -s V -l version -d 'Print version'
complete -c latchkey -n "__fish_latchkey_needs_command" -f -a "login" -d 'Log in and become the current user'
complete -c latchkey -n "__fish_latchkey_needs_command" -f -a "link" -d 'Add another identity to a logged-in user'
complete -c latchkey -n "__fish_latchkey_needs_command" -f -a "logout" -d 'Log a user out (default: current user)'
complete -c latchkey -n "__fish_latchkey_needs_command" -f -a "whoami" -d 'Show the current user'
complete -c latchkey -n "__fish_latchkey_needs_command" -f -a "users" -d 'List your users'
complete -c latchkey -n "__fish_latchkey_needs_command" -f -a "switch" -d 'Make a logged-in user current'
complete -c latchkey -n "__fish_latchkey_needs_command" -f -a "remove" -d 'Forget a user locally (logging them out first)'
complete -c latchkey -n "__fish_latchkey_needs_command" -f -a "delete" -d 'Delete a user at the backend'
complete -c latchkey -n "__fish_latchkey_needs_command" -f -a "token" -d 'Print a valid access token (only the token: `$(latchkey token)`), or the session\'s ID token; or write it to a file, and keep it current there with --follow'
complete -c latchkey -n "__fish_latchkey_needs_command" -f -a "refresh" -d 'Refresh a user\'s access token and custom data now'
complete -c latchkey -n "__fish_latchkey_needs_command" -f -a "watch" -d 'Print session events as they happen, one a line; reconnects (resuming where it left off) when the daemon restarts. Stop with Ctrl-C'
complete -c latchkey -n "__fish_latchkey_needs_command" -f -a "api-keys" -d 'Manage a user\'s API keys'
complete -c latchkey -n "__fish_latchkey_needs_command" -f -a "register" -d 'Register an email/password account (password prompted for or read from stdin)'
complete -c latchkey -n "__fish_latchkey_needs_command" -f -a "confirm" -d 'Confirm an account with a confirmation link\'s token id (the token is prompted for or read from stdin)'
complete -c latchkey -n "__fish_latchkey_needs_command" -f -a "resend-confirmation" -d 'Send the confirmation email again'
complete -c latchkey -n "__fish_latchkey_needs_command" -f -a "retry-confirmation" -d 'Run the app\'s confirmation function again'
complete -c latchkey -n "__fish_latchkey_needs_command" -f -a "reset-password" -d 'Reset a password'
complete -c latchkey -n "__fish_latchkey_needs_command" -f -a "status" -d 'Show the daemon\'s status'
complete -c latchkey -n "__fish_latchkey_needs_command" -f -a "apps" -d 'List the configured apps'
complete -c latchkey -n "__fish_latchkey_needs_command" -f -a "kubernetes-credential" -d 'A client-go exec credential plugin (kubectl, Kubernetes client libraries): reads KUBERNETES_EXEC_INFO and prints an ExecCredential of the same apiVersion with the session\'s token. When the session needs a new login: with `spec.interactive`, runs the app\'s device login (its prompt on stderr); otherwise exits 3 saying how to log in'
complete -c latchkey -n "__fish_latchkey_needs_command" -f -a "doctor" -d 'Check what stands between you and a token (socket, daemon, apps, backends, state and seal key, clock) and say how to fix each problem found; exits 1 when one is found'
complete -c latchkey -n "__fish_latchkey_needs_command" -f -a "completions" -d 'Print a shell completion script: `source <(latchkey completions bash)`, or save it where the shell loads completions from'
complete -c latchkey -n "__fish_latchkey_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c latchkey -n "__fish_latchkey_using_subcommand login; and not __fish_seen_subcommand_from anonymous email jwt api-key function facebook google apple device browser client-credentials password refresh-token help" -l socket -d 'The daemon\'s socket (default: $LATCHKEY_SOCKET, your user daemon\'s, then the system one)' -r -F
complete -c latchkey -n "__fish_latchkey_using_subcommand login; and not __fish_seen_subcommand_from anonymous email jwt api-key function facebook google apple device browser client-credentials password refresh-token help" -l app -d 'App name (default: the daemon\'s default app)' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand login; and not __fish_seen_subcommand_from anonymous email jwt api-key function facebook google apple device browser client-credentials password refresh-token help" -l owner -d 'As root: act on this uid\'s sessions instead of root\'s own' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand login; and not __fish_seen_subcommand_from anonymous email jwt api-key function facebook google apple device browser client-credentials password refresh-token help" -l json -d 'Print JSON instead of text'
complete -c latchkey -n "__fish_latchkey_using_subcommand login; and not __fish_seen_subcommand_from anonymous email jwt api-key function facebook google apple device browser client-credentials password refresh-token help" -s h -l help -d 'Print help'
complete -c latchkey -n "__fish_latchkey_using_subcommand login; and not __fish_seen_subcommand_from anonymous email jwt api-key function facebook google apple device browser client-credentials password refresh-token help" -f -a "anonymous" -d 'Anonymous user (reuses your anonymous user unless --new)'
complete -c latchkey -n "__fish_latchkey_using_subcommand login; and not __fish_seen_subcommand_from anonymous email jwt api-key function facebook google apple device browser client-credentials password refresh-token help" -f -a "email" -d 'Email and password; the password is prompted for or read from stdin'
complete -c latchkey -n "__fish_latchkey_using_subcommand login; and not __fish_seen_subcommand_from anonymous email jwt api-key function facebook google apple device browser client-credentials password refresh-token help" -f -a "jwt" -d 'Custom JWT, prompted for or read from stdin'
complete -c latchkey -n "__fish_latchkey_using_subcommand login; and not __fish_seen_subcommand_from anonymous email jwt api-key function facebook google apple device browser client-credentials password refresh-token help" -f -a "api-key" -d 'API key, prompted for or read from stdin'
complete -c latchkey -n "__fish_latchkey_using_subcommand login; and not __fish_seen_subcommand_from anonymous email jwt api-key function facebook google apple device browser client-credentials password refresh-token help" -f -a "function" -d 'Custom function; the JSON payload is read from stdin'
complete -c latchkey -n "__fish_latchkey_using_subcommand login; and not __fish_seen_subcommand_from anonymous email jwt api-key function facebook google apple device browser client-credentials password refresh-token help" -f -a "facebook" -d 'Facebook access token, prompted for or read from stdin'
complete -c latchkey -n "__fish_latchkey_using_subcommand login; and not __fish_seen_subcommand_from anonymous email jwt api-key function facebook google apple device browser client-credentials password refresh-token help" -f -a "google" -d 'Google auth code (or ID token with --id-token), prompted for or read from stdin'
complete -c latchkey -n "__fish_latchkey_using_subcommand login; and not __fish_seen_subcommand_from anonymous email jwt api-key function facebook google apple device browser client-credentials password refresh-token help" -f -a "apple" -d 'Apple ID token, prompted for or read from stdin'
complete -c latchkey -n "__fish_latchkey_using_subcommand login; and not __fish_seen_subcommand_from anonymous email jwt api-key function facebook google apple device browser client-credentials password refresh-token help" -f -a "device" -d 'OpenID Connect device login: prints where to go and the code to enter, waits for you'
complete -c latchkey -n "__fish_latchkey_using_subcommand login; and not __fish_seen_subcommand_from anonymous email jwt api-key function facebook google apple device browser client-credentials password refresh-token help" -f -a "browser" -d 'OpenID Connect login in a browser: opens the provider\'s page (with xdg-open when there is a display; otherwise prints its address), waits for the browser to come back'
complete -c latchkey -n "__fish_latchkey_using_subcommand login; and not __fish_seen_subcommand_from anonymous email jwt api-key function facebook google apple device browser client-credentials password refresh-token help" -f -a "client-credentials" -d 'OAuth 2.0 client credentials: a session of the app\'s own client'
complete -c latchkey -n "__fish_latchkey_using_subcommand login; and not __fish_seen_subcommand_from anonymous email jwt api-key function facebook google apple device browser client-credentials password refresh-token help" -f -a "password" -d 'OAuth 2.0 password grant; the password is prompted for or read from stdin'
complete -c latchkey -n "__fish_latchkey_using_subcommand login; and not __fish_seen_subcommand_from anonymous email jwt api-key function facebook google apple device browser client-credentials password refresh-token help" -f -a "refresh-token" -d 'Adopt an OAuth 2.0 refresh token, read from stdin (or prompted for)'
complete -c latchkey -n "__fish_latchkey_using_subcommand login; and not __fish_seen_subcommand_from anonymous email jwt api-key function facebook google apple device browser client-credentials password refresh-token help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c latchkey -n "__fish_latchkey_using_subcommand login; and __fish_seen_subcommand_from anonymous" -l socket -d 'The daemon\'s socket (default: $LATCHKEY_SOCKET, your user daemon\'s, then the system one)' -r -F
complete -c latchkey -n "__fish_latchkey_using_subcommand login; and __fish_seen_subcommand_from anonymous" -l app -d 'App name (default: the daemon\'s default app)' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand login; and __fish_seen_subcommand_from anonymous" -l owner -d 'As root: act on this uid\'s sessions instead of root\'s own' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand login; and __fish_seen_subcommand_from anonymous" -l new -d 'Always create a new anonymous user'
complete -c latchkey -n "__fish_latchkey_using_subcommand login; and __fish_seen_subcommand_from anonymous" -l json -d 'Print JSON instead of text'
complete -c latchkey -n "__fish_latchkey_using_subcommand login; and __fish_seen_subcommand_from anonymous" -s h -l help -d 'Print help'
complete -c latchkey -n "__fish_latchkey_using_subcommand login; and __fish_seen_subcommand_from email" -l socket -d 'The daemon\'s socket (default: $LATCHKEY_SOCKET, your user daemon\'s, then the system one)' -r -F
complete -c latchkey -n "__fish_latchkey_using_subcommand login; and __fish_seen_subcommand_from email" -l app -d 'App name (default: the daemon\'s default app)' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand login; and __fish_seen_subcommand_from email" -l owner -d 'As root: act on this uid\'s sessions instead of root\'s own' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand login; and __fish_seen_subcommand_from email" -l json -d 'Print JSON instead of text'
complete -c latchkey -n "__fish_latchkey_using_subcommand login; and __fish_seen_subcommand_from email" -s h -l help -d 'Print help'
complete -c latchkey -n "__fish_latchkey_using_subcommand login; and __fish_seen_subcommand_from jwt" -l socket -d 'The daemon\'s socket (default: $LATCHKEY_SOCKET, your user daemon\'s, then the system one)' -r -F
complete -c latchkey -n "__fish_latchkey_using_subcommand login; and __fish_seen_subcommand_from jwt" -l app -d 'App name (default: the daemon\'s default app)' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand login; and __fish_seen_subcommand_from jwt" -l owner -d 'As root: act on this uid\'s sessions instead of root\'s own' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand login; and __fish_seen_subcommand_from jwt" -l json -d 'Print JSON instead of text'
complete -c latchkey -n "__fish_latchkey_using_subcommand login; and __fish_seen_subcommand_from jwt" -s h -l help -d 'Print help'
complete -c latchkey -n "__fish_latchkey_using_subcommand login; and __fish_seen_subcommand_from api-key" -l socket -d 'The daemon\'s socket (default: $LATCHKEY_SOCKET, your user daemon\'s, then the system one)' -r -F
complete -c latchkey -n "__fish_latchkey_using_subcommand login; and __fish_seen_subcommand_from api-key" -l app -d 'App name (default: the daemon\'s default app)' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand login; and __fish_seen_subcommand_from api-key" -l owner -d 'As root: act on this uid\'s sessions instead of root\'s own' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand login; and __fish_seen_subcommand_from api-key" -l json -d 'Print JSON instead of text'
complete -c latchkey -n "__fish_latchkey_using_subcommand login; and __fish_seen_subcommand_from api-key" -s h -l help -d 'Print help'
complete -c latchkey -n "__fish_latchkey_using_subcommand login; and __fish_seen_subcommand_from function" -l socket -d 'The daemon\'s socket (default: $LATCHKEY_SOCKET, your user daemon\'s, then the system one)' -r -F
complete -c latchkey -n "__fish_latchkey_using_subcommand login; and __fish_seen_subcommand_from function" -l app -d 'App name (default: the daemon\'s default app)' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand login; and __fish_seen_subcommand_from function" -l owner -d 'As root: act on this uid\'s sessions instead of root\'s own' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand login; and __fish_seen_subcommand_from function" -l json -d 'Print JSON instead of text'
complete -c latchkey -n "__fish_latchkey_using_subcommand login; and __fish_seen_subcommand_from function" -s h -l help -d 'Print help'
complete -c latchkey -n "__fish_latchkey_using_subcommand login; and __fish_seen_subcommand_from facebook" -l socket -d 'The daemon\'s socket (default: $LATCHKEY_SOCKET, your user daemon\'s, then the system one)' -r -F
complete -c latchkey -n "__fish_latchkey_using_subcommand login; and __fish_seen_subcommand_from facebook" -l app -d 'App name (default: the daemon\'s default app)' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand login; and __fish_seen_subcommand_from facebook" -l owner -d 'As root: act on this uid\'s sessions instead of root\'s own' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand login; and __fish_seen_subcommand_from facebook" -l json -d 'Print JSON instead of text'
complete -c latchkey -n "__fish_latchkey_using_subcommand login; and __fish_seen_subcommand_from facebook" -s h -l help -d 'Print help'
complete -c latchkey -n "__fish_latchkey_using_subcommand login; and __fish_seen_subcommand_from google" -l socket -d 'The daemon\'s socket (default: $LATCHKEY_SOCKET, your user daemon\'s, then the system one)' -r -F
complete -c latchkey -n "__fish_latchkey_using_subcommand login; and __fish_seen_subcommand_from google" -l app -d 'App name (default: the daemon\'s default app)' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand login; and __fish_seen_subcommand_from google" -l owner -d 'As root: act on this uid\'s sessions instead of root\'s own' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand login; and __fish_seen_subcommand_from google" -l id-token -d 'The secret is an ID token, not an auth code'
complete -c latchkey -n "__fish_latchkey_using_subcommand login; and __fish_seen_subcommand_from google" -l json -d 'Print JSON instead of text'
complete -c latchkey -n "__fish_latchkey_using_subcommand login; and __fish_seen_subcommand_from google" -s h -l help -d 'Print help'
complete -c latchkey -n "__fish_latchkey_using_subcommand login; and __fish_seen_subcommand_from apple" -l socket -d 'The daemon\'s socket (default: $LATCHKEY_SOCKET, your user daemon\'s, then the system one)' -r -F
complete -c latchkey -n "__fish_latchkey_using_subcommand login; and __fish_seen_subcommand_from apple" -l app -d 'App name (default: the daemon\'s default app)' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand login; and __fish_seen_subcommand_from apple" -l owner -d 'As root: act on this uid\'s sessions instead of root\'s own' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand login; and __fish_seen_subcommand_from apple" -l json -d 'Print JSON instead of text'
complete -c latchkey -n "__fish_latchkey_using_subcommand login; and __fish_seen_subcommand_from apple" -s h -l help -d 'Print help'
complete -c latchkey -n "__fish_latchkey_using_subcommand login; and __fish_seen_subcommand_from device" -l user -d 'Sign this user in again (after its session expired)' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand login; and __fish_seen_subcommand_from device" -l scope -d 'A scope to ask for instead of the app\'s (repeat for several)' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand login; and __fish_seen_subcommand_from device" -l socket -d 'The daemon\'s socket (default: $LATCHKEY_SOCKET, your user daemon\'s, then the system one)' -r -F
complete -c latchkey -n "__fish_latchkey_using_subcommand login; and __fish_seen_subcommand_from device" -l app -d 'App name (default: the daemon\'s default app)' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand login; and __fish_seen_subcommand_from device" -l owner -d 'As root: act on this uid\'s sessions instead of root\'s own' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand login; and __fish_seen_subcommand_from device" -l json -d 'Print JSON instead of text'
complete -c latchkey -n "__fish_latchkey_using_subcommand login; and __fish_seen_subcommand_from device" -s h -l help -d 'Print help'
complete -c latchkey -n "__fish_latchkey_using_subcommand login; and __fish_seen_subcommand_from browser" -l user -d 'Sign this user in again (after its session expired)' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand login; and __fish_seen_subcommand_from browser" -l scope -d 'A scope to ask for instead of the app\'s (repeat for several)' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand login; and __fish_seen_subcommand_from browser" -l socket -d 'The daemon\'s socket (default: $LATCHKEY_SOCKET, your user daemon\'s, then the system one)' -r -F
complete -c latchkey -n "__fish_latchkey_using_subcommand login; and __fish_seen_subcommand_from browser" -l app -d 'App name (default: the daemon\'s default app)' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand login; and __fish_seen_subcommand_from browser" -l owner -d 'As root: act on this uid\'s sessions instead of root\'s own' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand login; and __fish_seen_subcommand_from browser" -l no-open -d 'Only print the address; never start a browser'
complete -c latchkey -n "__fish_latchkey_using_subcommand login; and __fish_seen_subcommand_from browser" -l json -d 'Print JSON instead of text'
complete -c latchkey -n "__fish_latchkey_using_subcommand login; and __fish_seen_subcommand_from browser" -s h -l help -d 'Print help'
complete -c latchkey -n "__fish_latchkey_using_subcommand login; and __fish_seen_subcommand_from client-credentials" -l socket -d 'The daemon\'s socket (default: $LATCHKEY_SOCKET, your user daemon\'s, then the system one)' -r -F
complete -c latchkey -n "__fish_latchkey_using_subcommand login; and __fish_seen_subcommand_from client-credentials" -l app -d 'App name (default: the daemon\'s default app)' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand login; and __fish_seen_subcommand_from client-credentials" -l owner -d 'As root: act on this uid\'s sessions instead of root\'s own' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand login; and __fish_seen_subcommand_from client-credentials" -l json -d 'Print JSON instead of text'
complete -c latchkey -n "__fish_latchkey_using_subcommand login; and __fish_seen_subcommand_from client-credentials" -s h -l help -d 'Print help'
complete -c latchkey -n "__fish_latchkey_using_subcommand login; and __fish_seen_subcommand_from password" -l socket -d 'The daemon\'s socket (default: $LATCHKEY_SOCKET, your user daemon\'s, then the system one)' -r -F
complete -c latchkey -n "__fish_latchkey_using_subcommand login; and __fish_seen_subcommand_from password" -l app -d 'App name (default: the daemon\'s default app)' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand login; and __fish_seen_subcommand_from password" -l owner -d 'As root: act on this uid\'s sessions instead of root\'s own' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand login; and __fish_seen_subcommand_from password" -l json -d 'Print JSON instead of text'
complete -c latchkey -n "__fish_latchkey_using_subcommand login; and __fish_seen_subcommand_from password" -s h -l help -d 'Print help'
complete -c latchkey -n "__fish_latchkey_using_subcommand login; and __fish_seen_subcommand_from refresh-token" -l socket -d 'The daemon\'s socket (default: $LATCHKEY_SOCKET, your user daemon\'s, then the system one)' -r -F
complete -c latchkey -n "__fish_latchkey_using_subcommand login; and __fish_seen_subcommand_from refresh-token" -l app -d 'App name (default: the daemon\'s default app)' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand login; and __fish_seen_subcommand_from refresh-token" -l owner -d 'As root: act on this uid\'s sessions instead of root\'s own' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand login; and __fish_seen_subcommand_from refresh-token" -l json -d 'Print JSON instead of text'
complete -c latchkey -n "__fish_latchkey_using_subcommand login; and __fish_seen_subcommand_from refresh-token" -s h -l help -d 'Print help'
complete -c latchkey -n "__fish_latchkey_using_subcommand login; and __fish_seen_subcommand_from help" -f -a "anonymous" -d 'Anonymous user (reuses your anonymous user unless --new)'
complete -c latchkey -n "__fish_latchkey_using_subcommand login; and __fish_seen_subcommand_from help" -f -a "email" -d 'Email and password; the password is prompted for or read from stdin'
complete -c latchkey -n "__fish_latchkey_using_subcommand login; and __fish_seen_subcommand_from help" -f -a "jwt" -d 'Custom JWT, prompted for or read from stdin'
complete -c latchkey -n "__fish_latchkey_using_subcommand login; and __fish_seen_subcommand_from help" -f -a "api-key" -d 'API key, prompted for or read from stdin'
complete -c latchkey -n "__fish_latchkey_using_subcommand login; and __fish_seen_subcommand_from help" -f -a "function" -d 'Custom function; the JSON payload is read from stdin'
complete -c latchkey -n "__fish_latchkey_using_subcommand login; and __fish_seen_subcommand_from help" -f -a "facebook" -d 'Facebook access token, prompted for or read from stdin'
complete -c latchkey -n "__fish_latchkey_using_subcommand login; and __fish_seen_subcommand_from help" -f -a "google" -d 'Google auth code (or ID token with --id-token), prompted for or read from stdin'
complete -c latchkey -n "__fish_latchkey_using_subcommand login; and __fish_seen_subcommand_from help" -f -a "apple" -d 'Apple ID token, prompted for or read from stdin'
complete -c latchkey -n "__fish_latchkey_using_subcommand login; and __fish_seen_subcommand_from help" -f -a "device" -d 'OpenID Connect device login: prints where to go and the code to enter, waits for you'
complete -c latchkey -n "__fish_latchkey_using_subcommand login; and __fish_seen_subcommand_from help" -f -a "browser" -d 'OpenID Connect login in a browser: opens the provider\'s page (with xdg-open when there is a display; otherwise prints its address), waits for the browser to come back'
complete -c latchkey -n "__fish_latchkey_using_subcommand login; and __fish_seen_subcommand_from help" -f -a "client-credentials" -d 'OAuth 2.0 client credentials: a session of the app\'s own client'
complete -c latchkey -n "__fish_latchkey_using_subcommand login; and __fish_seen_subcommand_from help" -f -a "password" -d 'OAuth 2.0 password grant; the password is prompted for or read from stdin'
complete -c latchkey -n "__fish_latchkey_using_subcommand login; and __fish_seen_subcommand_from help" -f -a "refresh-token" -d 'Adopt an OAuth 2.0 refresh token, read from stdin (or prompted for)'
complete -c latchkey -n "__fish_latchkey_using_subcommand login; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c latchkey -n "__fish_latchkey_using_subcommand link; and not __fish_seen_subcommand_from anonymous email jwt api-key function facebook google apple device browser client-credentials password refresh-token help" -l user -d 'The user (default: current user)' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand link; and not __fish_seen_subcommand_from anonymous email jwt api-key function facebook google apple device browser client-credentials password refresh-token help" -l socket -d 'The daemon\'s socket (default: $LATCHKEY_SOCKET, your user daemon\'s, then the system one)' -r -F
complete -c latchkey -n "__fish_latchkey_using_subcommand link; and not __fish_seen_subcommand_from anonymous email jwt api-key function facebook google apple device browser client-credentials password refresh-token help" -l app -d 'App name (default: the daemon\'s default app)' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand link; and not __fish_seen_subcommand_from anonymous email jwt api-key function facebook google apple device browser client-credentials password refresh-token help" -l owner -d 'As root: act on this uid\'s sessions instead of root\'s own' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand link; and not __fish_seen_subcommand_from anonymous email jwt api-key function facebook google apple device browser client-credentials password refresh-token help" -l json -d 'Print JSON instead of text'
complete -c latchkey -n "__fish_latchkey_using_subcommand link; and not __fish_seen_subcommand_from anonymous email jwt api-key function facebook google apple device browser client-credentials password refresh-token help" -s h -l help -d 'Print help'
complete -c latchkey -n "__fish_latchkey_using_subcommand link; and not __fish_seen_subcommand_from anonymous email jwt api-key function facebook google apple device browser client-credentials password refresh-token help" -f -a "anonymous" -d 'Anonymous user (reuses your anonymous user unless --new)'
complete -c latchkey -n "__fish_latchkey_using_subcommand link; and not __fish_seen_subcommand_from anonymous email jwt api-key function facebook google apple device browser client-credentials password refresh-token help" -f -a "email" -d 'Email and password; the password is prompted for or read from stdin'
complete -c latchkey -n "__fish_latchkey_using_subcommand link; and not __fish_seen_subcommand_from anonymous email jwt api-key function facebook google apple device browser client-credentials password refresh-token help" -f -a "jwt" -d 'Custom JWT, prompted for or read from stdin'
complete -c latchkey -n "__fish_latchkey_using_subcommand link; and not __fish_seen_subcommand_from anonymous email jwt api-key function facebook google apple device browser client-credentials password refresh-token help" -f -a "api-key" -d 'API key, prompted for or read from stdin'
complete -c latchkey -n "__fish_latchkey_using_subcommand link; and not __fish_seen_subcommand_from anonymous email jwt api-key function facebook google apple device browser client-credentials password refresh-token help" -f -a "function" -d 'Custom function; the JSON payload is read from stdin'
complete -c latchkey -n "__fish_latchkey_using_subcommand link; and not __fish_seen_subcommand_from anonymous email jwt api-key function facebook google apple device browser client-credentials password refresh-token help" -f -a "facebook" -d 'Facebook access token, prompted for or read from stdin'
complete -c latchkey -n "__fish_latchkey_using_subcommand link; and not __fish_seen_subcommand_from anonymous email jwt api-key function facebook google apple device browser client-credentials password refresh-token help" -f -a "google" -d 'Google auth code (or ID token with --id-token), prompted for or read from stdin'
complete -c latchkey -n "__fish_latchkey_using_subcommand link; and not __fish_seen_subcommand_from anonymous email jwt api-key function facebook google apple device browser client-credentials password refresh-token help" -f -a "apple" -d 'Apple ID token, prompted for or read from stdin'
complete -c latchkey -n "__fish_latchkey_using_subcommand link; and not __fish_seen_subcommand_from anonymous email jwt api-key function facebook google apple device browser client-credentials password refresh-token help" -f -a "device" -d 'OpenID Connect device login: prints where to go and the code to enter, waits for you'
complete -c latchkey -n "__fish_latchkey_using_subcommand link; and not __fish_seen_subcommand_from anonymous email jwt api-key function facebook google apple device browser client-credentials password refresh-token help" -f -a "browser" -d 'OpenID Connect login in a browser: opens the provider\'s page (with xdg-open when there is a display; otherwise prints its address), waits for the browser to come back'
complete -c latchkey -n "__fish_latchkey_using_subcommand link; and not __fish_seen_subcommand_from anonymous email jwt api-key function facebook google apple device browser client-credentials password refresh-token help" -f -a "client-credentials" -d 'OAuth 2.0 client credentials: a session of the app\'s own client'
complete -c latchkey -n "__fish_latchkey_using_subcommand link; and not __fish_seen_subcommand_from anonymous email jwt api-key function facebook google apple device browser client-credentials password refresh-token help" -f -a "password" -d 'OAuth 2.0 password grant; the password is prompted for or read from stdin'
complete -c latchkey -n "__fish_latchkey_using_subcommand link; and not __fish_seen_subcommand_from anonymous email jwt api-key function facebook google apple device browser client-credentials password refresh-token help" -f -a "refresh-token" -d 'Adopt an OAuth 2.0 refresh token, read from stdin (or prompted for)'
complete -c latchkey -n "__fish_latchkey_using_subcommand link; and not __fish_seen_subcommand_from anonymous email jwt api-key function facebook google apple device browser client-credentials password refresh-token help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c latchkey -n "__fish_latchkey_using_subcommand link; and __fish_seen_subcommand_from anonymous" -l socket -d 'The daemon\'s socket (default: $LATCHKEY_SOCKET, your user daemon\'s, then the system one)' -r -F
complete -c latchkey -n "__fish_latchkey_using_subcommand link; and __fish_seen_subcommand_from anonymous" -l app -d 'App name (default: the daemon\'s default app)' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand link; and __fish_seen_subcommand_from anonymous" -l owner -d 'As root: act on this uid\'s sessions instead of root\'s own' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand link; and __fish_seen_subcommand_from anonymous" -l new -d 'Always create a new anonymous user'
complete -c latchkey -n "__fish_latchkey_using_subcommand link; and __fish_seen_subcommand_from anonymous" -l json -d 'Print JSON instead of text'
complete -c latchkey -n "__fish_latchkey_using_subcommand link; and __fish_seen_subcommand_from anonymous" -s h -l help -d 'Print help'
complete -c latchkey -n "__fish_latchkey_using_subcommand link; and __fish_seen_subcommand_from email" -l socket -d 'The daemon\'s socket (default: $LATCHKEY_SOCKET, your user daemon\'s, then the system one)' -r -F
complete -c latchkey -n "__fish_latchkey_using_subcommand link; and __fish_seen_subcommand_from email" -l app -d 'App name (default: the daemon\'s default app)' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand link; and __fish_seen_subcommand_from email" -l owner -d 'As root: act on this uid\'s sessions instead of root\'s own' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand link; and __fish_seen_subcommand_from email" -l json -d 'Print JSON instead of text'
complete -c latchkey -n "__fish_latchkey_using_subcommand link; and __fish_seen_subcommand_from email" -s h -l help -d 'Print help'
complete -c latchkey -n "__fish_latchkey_using_subcommand link; and __fish_seen_subcommand_from jwt" -l socket -d 'The daemon\'s socket (default: $LATCHKEY_SOCKET, your user daemon\'s, then the system one)' -r -F
complete -c latchkey -n "__fish_latchkey_using_subcommand link; and __fish_seen_subcommand_from jwt" -l app -d 'App name (default: the daemon\'s default app)' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand link; and __fish_seen_subcommand_from jwt" -l owner -d 'As root: act on this uid\'s sessions instead of root\'s own' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand link; and __fish_seen_subcommand_from jwt" -l json -d 'Print JSON instead of text'
complete -c latchkey -n "__fish_latchkey_using_subcommand link; and __fish_seen_subcommand_from jwt" -s h -l help -d 'Print help'
complete -c latchkey -n "__fish_latchkey_using_subcommand link; and __fish_seen_subcommand_from api-key" -l socket -d 'The daemon\'s socket (default: $LATCHKEY_SOCKET, your user daemon\'s, then the system one)' -r -F
complete -c latchkey -n "__fish_latchkey_using_subcommand link; and __fish_seen_subcommand_from api-key" -l app -d 'App name (default: the daemon\'s default app)' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand link; and __fish_seen_subcommand_from api-key" -l owner -d 'As root: act on this uid\'s sessions instead of root\'s own' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand link; and __fish_seen_subcommand_from api-key" -l json -d 'Print JSON instead of text'
complete -c latchkey -n "__fish_latchkey_using_subcommand link; and __fish_seen_subcommand_from api-key" -s h -l help -d 'Print help'
complete -c latchkey -n "__fish_latchkey_using_subcommand link; and __fish_seen_subcommand_from function" -l socket -d 'The daemon\'s socket (default: $LATCHKEY_SOCKET, your user daemon\'s, then the system one)' -r -F
complete -c latchkey -n "__fish_latchkey_using_subcommand link; and __fish_seen_subcommand_from function" -l app -d 'App name (default: the daemon\'s default app)' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand link; and __fish_seen_subcommand_from function" -l owner -d 'As root: act on this uid\'s sessions instead of root\'s own' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand link; and __fish_seen_subcommand_from function" -l json -d 'Print JSON instead of text'
complete -c latchkey -n "__fish_latchkey_using_subcommand link; and __fish_seen_subcommand_from function" -s h -l help -d 'Print help'
complete -c latchkey -n "__fish_latchkey_using_subcommand link; and __fish_seen_subcommand_from facebook" -l socket -d 'The daemon\'s socket (default: $LATCHKEY_SOCKET, your user daemon\'s, then the system one)' -r -F
complete -c latchkey -n "__fish_latchkey_using_subcommand link; and __fish_seen_subcommand_from facebook" -l app -d 'App name (default: the daemon\'s default app)' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand link; and __fish_seen_subcommand_from facebook" -l owner -d 'As root: act on this uid\'s sessions instead of root\'s own' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand link; and __fish_seen_subcommand_from facebook" -l json -d 'Print JSON instead of text'
complete -c latchkey -n "__fish_latchkey_using_subcommand link; and __fish_seen_subcommand_from facebook" -s h -l help -d 'Print help'
complete -c latchkey -n "__fish_latchkey_using_subcommand link; and __fish_seen_subcommand_from google" -l socket -d 'The daemon\'s socket (default: $LATCHKEY_SOCKET, your user daemon\'s, then the system one)' -r -F
complete -c latchkey -n "__fish_latchkey_using_subcommand link; and __fish_seen_subcommand_from google" -l app -d 'App name (default: the daemon\'s default app)' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand link; and __fish_seen_subcommand_from google" -l owner -d 'As root: act on this uid\'s sessions instead of root\'s own' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand link; and __fish_seen_subcommand_from google" -l id-token -d 'The secret is an ID token, not an auth code'
complete -c latchkey -n "__fish_latchkey_using_subcommand link; and __fish_seen_subcommand_from google" -l json -d 'Print JSON instead of text'
complete -c latchkey -n "__fish_latchkey_using_subcommand link; and __fish_seen_subcommand_from google" -s h -l help -d 'Print help'
complete -c latchkey -n "__fish_latchkey_using_subcommand link; and __fish_seen_subcommand_from apple" -l socket -d 'The daemon\'s socket (default: $LATCHKEY_SOCKET, your user daemon\'s, then the system one)' -r -F
complete -c latchkey -n "__fish_latchkey_using_subcommand link; and __fish_seen_subcommand_from apple" -l app -d 'App name (default: the daemon\'s default app)' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand link; and __fish_seen_subcommand_from apple" -l owner -d 'As root: act on this uid\'s sessions instead of root\'s own' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand link; and __fish_seen_subcommand_from apple" -l json -d 'Print JSON instead of text'
complete -c latchkey -n "__fish_latchkey_using_subcommand link; and __fish_seen_subcommand_from apple" -s h -l help -d 'Print help'
complete -c latchkey -n "__fish_latchkey_using_subcommand link; and __fish_seen_subcommand_from device" -l user -d 'Sign this user in again (after its session expired)' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand link; and __fish_seen_subcommand_from device" -l scope -d 'A scope to ask for instead of the app\'s (repeat for several)' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand link; and __fish_seen_subcommand_from device" -l socket -d 'The daemon\'s socket (default: $LATCHKEY_SOCKET, your user daemon\'s, then the system one)' -r -F
complete -c latchkey -n "__fish_latchkey_using_subcommand link; and __fish_seen_subcommand_from device" -l app -d 'App name (default: the daemon\'s default app)' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand link; and __fish_seen_subcommand_from device" -l owner -d 'As root: act on this uid\'s sessions instead of root\'s own' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand link; and __fish_seen_subcommand_from device" -l json -d 'Print JSON instead of text'
complete -c latchkey -n "__fish_latchkey_using_subcommand link; and __fish_seen_subcommand_from device" -s h -l help -d 'Print help'
complete -c latchkey -n "__fish_latchkey_using_subcommand link; and __fish_seen_subcommand_from browser" -l user -d 'Sign this user in again (after its session expired)' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand link; and __fish_seen_subcommand_from browser" -l scope -d 'A scope to ask for instead of the app\'s (repeat for several)' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand link; and __fish_seen_subcommand_from browser" -l socket -d 'The daemon\'s socket (default: $LATCHKEY_SOCKET, your user daemon\'s, then the system one)' -r -F
complete -c latchkey -n "__fish_latchkey_using_subcommand link; and __fish_seen_subcommand_from browser" -l app -d 'App name (default: the daemon\'s default app)' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand link; and __fish_seen_subcommand_from browser" -l owner -d 'As root: act on this uid\'s sessions instead of root\'s own' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand link; and __fish_seen_subcommand_from browser" -l no-open -d 'Only print the address; never start a browser'
complete -c latchkey -n "__fish_latchkey_using_subcommand link; and __fish_seen_subcommand_from browser" -l json -d 'Print JSON instead of text'
complete -c latchkey -n "__fish_latchkey_using_subcommand link; and __fish_seen_subcommand_from browser" -s h -l help -d 'Print help'
complete -c latchkey -n "__fish_latchkey_using_subcommand link; and __fish_seen_subcommand_from client-credentials" -l socket -d 'The daemon\'s socket (default: $LATCHKEY_SOCKET, your user daemon\'s, then the system one)' -r -F
complete -c latchkey -n "__fish_latchkey_using_subcommand link; and __fish_seen_subcommand_from client-credentials" -l app -d 'App name (default: the daemon\'s default app)' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand link; and __fish_seen_subcommand_from client-credentials" -l owner -d 'As root: act on this uid\'s sessions instead of root\'s own' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand link; and __fish_seen_subcommand_from client-credentials" -l json -d 'Print JSON instead of text'
complete -c latchkey -n "__fish_latchkey_using_subcommand link; and __fish_seen_subcommand_from client-credentials" -s h -l help -d 'Print help'
complete -c latchkey -n "__fish_latchkey_using_subcommand link; and __fish_seen_subcommand_from password" -l socket -d 'The daemon\'s socket (default: $LATCHKEY_SOCKET, your user daemon\'s, then the system one)' -r -F
complete -c latchkey -n "__fish_latchkey_using_subcommand link; and __fish_seen_subcommand_from password" -l app -d 'App name (default: the daemon\'s default app)' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand link; and __fish_seen_subcommand_from password" -l owner -d 'As root: act on this uid\'s sessions instead of root\'s own' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand link; and __fish_seen_subcommand_from password" -l json -d 'Print JSON instead of text'
complete -c latchkey -n "__fish_latchkey_using_subcommand link; and __fish_seen_subcommand_from password" -s h -l help -d 'Print help'
complete -c latchkey -n "__fish_latchkey_using_subcommand link; and __fish_seen_subcommand_from refresh-token" -l socket -d 'The daemon\'s socket (default: $LATCHKEY_SOCKET, your user daemon\'s, then the system one)' -r -F
complete -c latchkey -n "__fish_latchkey_using_subcommand link; and __fish_seen_subcommand_from refresh-token" -l app -d 'App name (default: the daemon\'s default app)' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand link; and __fish_seen_subcommand_from refresh-token" -l owner -d 'As root: act on this uid\'s sessions instead of root\'s own' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand link; and __fish_seen_subcommand_from refresh-token" -l json -d 'Print JSON instead of text'
complete -c latchkey -n "__fish_latchkey_using_subcommand link; and __fish_seen_subcommand_from refresh-token" -s h -l help -d 'Print help'
complete -c latchkey -n "__fish_latchkey_using_subcommand link; and __fish_seen_subcommand_from help" -f -a "anonymous" -d 'Anonymous user (reuses your anonymous user unless --new)'
complete -c latchkey -n "__fish_latchkey_using_subcommand link; and __fish_seen_subcommand_from help" -f -a "email" -d 'Email and password; the password is prompted for or read from stdin'
complete -c latchkey -n "__fish_latchkey_using_subcommand link; and __fish_seen_subcommand_from help" -f -a "jwt" -d 'Custom JWT, prompted for or read from stdin'
complete -c latchkey -n "__fish_latchkey_using_subcommand link; and __fish_seen_subcommand_from help" -f -a "api-key" -d 'API key, prompted for or read from stdin'
complete -c latchkey -n "__fish_latchkey_using_subcommand link; and __fish_seen_subcommand_from help" -f -a "function" -d 'Custom function; the JSON payload is read from stdin'
complete -c latchkey -n "__fish_latchkey_using_subcommand link; and __fish_seen_subcommand_from help" -f -a "facebook" -d 'Facebook access token, prompted for or read from stdin'
complete -c latchkey -n "__fish_latchkey_using_subcommand link; and __fish_seen_subcommand_from help" -f -a "google" -d 'Google auth code (or ID token with --id-token), prompted for or read from stdin'
complete -c latchkey -n "__fish_latchkey_using_subcommand link; and __fish_seen_subcommand_from help" -f -a "apple" -d 'Apple ID token, prompted for or read from stdin'
complete -c latchkey -n "__fish_latchkey_using_subcommand link; and __fish_seen_subcommand_from help" -f -a "device" -d 'OpenID Connect device login: prints where to go and the code to enter, waits for you'
complete -c latchkey -n "__fish_latchkey_using_subcommand link; and __fish_seen_subcommand_from help" -f -a "browser" -d 'OpenID Connect login in a browser: opens the provider\'s page (with xdg-open when there is a display; otherwise prints its address), waits for the browser to come back'
complete -c latchkey -n "__fish_latchkey_using_subcommand link; and __fish_seen_subcommand_from help" -f -a "client-credentials" -d 'OAuth 2.0 client credentials: a session of the app\'s own client'
complete -c latchkey -n "__fish_latchkey_using_subcommand link; and __fish_seen_subcommand_from help" -f -a "password" -d 'OAuth 2.0 password grant; the password is prompted for or read from stdin'
complete -c latchkey -n "__fish_latchkey_using_subcommand link; and __fish_seen_subcommand_from help" -f -a "refresh-token" -d 'Adopt an OAuth 2.0 refresh token, read from stdin (or prompted for)'
complete -c latchkey -n "__fish_latchkey_using_subcommand link; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c latchkey -n "__fish_latchkey_using_subcommand logout" -l socket -d 'The daemon\'s socket (default: $LATCHKEY_SOCKET, your user daemon\'s, then the system one)' -r -F
complete -c latchkey -n "__fish_latchkey_using_subcommand logout" -l app -d 'App name (default: the daemon\'s default app)' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand logout" -l owner -d 'As root: act on this uid\'s sessions instead of root\'s own' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand logout" -l json -d 'Print JSON instead of text'
complete -c latchkey -n "__fish_latchkey_using_subcommand logout" -s h -l help -d 'Print help'
complete -c latchkey -n "__fish_latchkey_using_subcommand whoami" -l socket -d 'The daemon\'s socket (default: $LATCHKEY_SOCKET, your user daemon\'s, then the system one)' -r -F
complete -c latchkey -n "__fish_latchkey_using_subcommand whoami" -l app -d 'App name (default: the daemon\'s default app)' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand whoami" -l owner -d 'As root: act on this uid\'s sessions instead of root\'s own' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand whoami" -l json -d 'Print JSON instead of text'
complete -c latchkey -n "__fish_latchkey_using_subcommand whoami" -s h -l help -d 'Print help'
complete -c latchkey -n "__fish_latchkey_using_subcommand users" -l socket -d 'The daemon\'s socket (default: $LATCHKEY_SOCKET, your user daemon\'s, then the system one)' -r -F
complete -c latchkey -n "__fish_latchkey_using_subcommand users" -l app -d 'App name (default: the daemon\'s default app)' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand users" -l owner -d 'As root: act on this uid\'s sessions instead of root\'s own' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand users" -l all -d 'As root: every uid\'s users'
complete -c latchkey -n "__fish_latchkey_using_subcommand users" -l json -d 'Print JSON instead of text'
complete -c latchkey -n "__fish_latchkey_using_subcommand users" -s h -l help -d 'Print help'
complete -c latchkey -n "__fish_latchkey_using_subcommand switch" -l socket -d 'The daemon\'s socket (default: $LATCHKEY_SOCKET, your user daemon\'s, then the system one)' -r -F
complete -c latchkey -n "__fish_latchkey_using_subcommand switch" -l app -d 'App name (default: the daemon\'s default app)' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand switch" -l owner -d 'As root: act on this uid\'s sessions instead of root\'s own' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand switch" -l json -d 'Print JSON instead of text'
complete -c latchkey -n "__fish_latchkey_using_subcommand switch" -s h -l help -d 'Print help'
complete -c latchkey -n "__fish_latchkey_using_subcommand remove" -l socket -d 'The daemon\'s socket (default: $LATCHKEY_SOCKET, your user daemon\'s, then the system one)' -r -F
complete -c latchkey -n "__fish_latchkey_using_subcommand remove" -l app -d 'App name (default: the daemon\'s default app)' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand remove" -l owner -d 'As root: act on this uid\'s sessions instead of root\'s own' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand remove" -l json -d 'Print JSON instead of text'
complete -c latchkey -n "__fish_latchkey_using_subcommand remove" -s h -l help -d 'Print help'
complete -c latchkey -n "__fish_latchkey_using_subcommand delete" -l socket -d 'The daemon\'s socket (default: $LATCHKEY_SOCKET, your user daemon\'s, then the system one)' -r -F
complete -c latchkey -n "__fish_latchkey_using_subcommand delete" -l app -d 'App name (default: the daemon\'s default app)' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand delete" -l owner -d 'As root: act on this uid\'s sessions instead of root\'s own' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand delete" -l json -d 'Print JSON instead of text'
complete -c latchkey -n "__fish_latchkey_using_subcommand delete" -s h -l help -d 'Print help'
complete -c latchkey -n "__fish_latchkey_using_subcommand token" -l user -d 'User id (default: current user)' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand token" -l min-valid -d 'Refresh first unless the token stays valid this long (e.g. 5m)' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand token" -l scope -d 'oidc apps: a token restricted to this scope (repeat for several)' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand token" -l audience -d 'oidc apps: a token for this resource (one of the app\'s `audience` values)' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand token" -l format -d 'How to print it: the token alone, JSON, or the answer of a Google executable-sourced credential (`credential_source.executable`; with --id-token)' -r -f -a "text\t'The token alone (a JSON object with the global --json)'
json\t'A JSON object: token, expires_at, user_id, app, stale'
google-executable\t'Google\'s executable-sourced credential answer (version, success, token_type, id_token, expiration_time; on failure success false with code and message)'"
complete -c latchkey -n "__fish_latchkey_using_subcommand token" -l write -d 'Write the token to this file instead (atomically, mode 0600, no newline): for tools that read a token from a file, such as AWS `web_identity_token_file`' -r -F
complete -c latchkey -n "__fish_latchkey_using_subcommand token" -l socket -d 'The daemon\'s socket (default: $LATCHKEY_SOCKET, your user daemon\'s, then the system one)' -r -F
complete -c latchkey -n "__fish_latchkey_using_subcommand token" -l app -d 'App name (default: the daemon\'s default app)' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand token" -l owner -d 'As root: act on this uid\'s sessions instead of root\'s own' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand token" -l force -d 'Refresh now'
complete -c latchkey -n "__fish_latchkey_using_subcommand token" -l id-token -d 'The session\'s OpenID Connect ID token instead of its access token (oidc apps whose configuration says `id_tokens = true`)'
complete -c latchkey -n "__fish_latchkey_using_subcommand token" -l follow -d 'With --write: keep running, and write each new token as the daemon gets it (and before the one written falls below --min-valid)'
complete -c latchkey -n "__fish_latchkey_using_subcommand token" -l json -d 'Print JSON instead of text'
complete -c latchkey -n "__fish_latchkey_using_subcommand token" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c latchkey -n "__fish_latchkey_using_subcommand refresh" -l socket -d 'The daemon\'s socket (default: $LATCHKEY_SOCKET, your user daemon\'s, then the system one)' -r -F
complete -c latchkey -n "__fish_latchkey_using_subcommand refresh" -l app -d 'App name (default: the daemon\'s default app)' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand refresh" -l owner -d 'As root: act on this uid\'s sessions instead of root\'s own' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand refresh" -l json -d 'Print JSON instead of text'
complete -c latchkey -n "__fish_latchkey_using_subcommand refresh" -s h -l help -d 'Print help'
complete -c latchkey -n "__fish_latchkey_using_subcommand watch" -l user -d 'Only this user\'s events' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand watch" -l notify-after -d 'With --notify: how long a backend must stay unreachable before a notification' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand watch" -l socket -d 'The daemon\'s socket (default: $LATCHKEY_SOCKET, your user daemon\'s, then the system one)' -r -F
complete -c latchkey -n "__fish_latchkey_using_subcommand watch" -l app -d 'App name (default: the daemon\'s default app)' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand watch" -l owner -d 'As root: act on this uid\'s sessions instead of root\'s own' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand watch" -l snapshot -d 'Start with the current state of every user'
complete -c latchkey -n "__fish_latchkey_using_subcommand watch" -l notify -d 'Also show desktop notifications (D-Bus) when a session needs a new login, when its refresh token is about to expire, and when a backend stays unreachable'
complete -c latchkey -n "__fish_latchkey_using_subcommand watch" -l json -d 'Print JSON instead of text'
complete -c latchkey -n "__fish_latchkey_using_subcommand watch" -s h -l help -d 'Print help'
complete -c latchkey -n "__fish_latchkey_using_subcommand api-keys; and not __fish_seen_subcommand_from create get list enable disable delete help" -l socket -d 'The daemon\'s socket (default: $LATCHKEY_SOCKET, your user daemon\'s, then the system one)' -r -F
complete -c latchkey -n "__fish_latchkey_using_subcommand api-keys; and not __fish_seen_subcommand_from create get list enable disable delete help" -l app -d 'App name (default: the daemon\'s default app)' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand api-keys; and not __fish_seen_subcommand_from create get list enable disable delete help" -l owner -d 'As root: act on this uid\'s sessions instead of root\'s own' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand api-keys; and not __fish_seen_subcommand_from create get list enable disable delete help" -l json -d 'Print JSON instead of text'
complete -c latchkey -n "__fish_latchkey_using_subcommand api-keys; and not __fish_seen_subcommand_from create get list enable disable delete help" -s h -l help -d 'Print help'
complete -c latchkey -n "__fish_latchkey_using_subcommand api-keys; and not __fish_seen_subcommand_from create get list enable disable delete help" -f -a "create" -d 'Create a key; prints its secret, which is never shown again'
complete -c latchkey -n "__fish_latchkey_using_subcommand api-keys; and not __fish_seen_subcommand_from create get list enable disable delete help" -f -a "get" -d 'Show one key'
complete -c latchkey -n "__fish_latchkey_using_subcommand api-keys; and not __fish_seen_subcommand_from create get list enable disable delete help" -f -a "list" -d 'List the keys'
complete -c latchkey -n "__fish_latchkey_using_subcommand api-keys; and not __fish_seen_subcommand_from create get list enable disable delete help" -f -a "enable" -d 'Enable a key'
complete -c latchkey -n "__fish_latchkey_using_subcommand api-keys; and not __fish_seen_subcommand_from create get list enable disable delete help" -f -a "disable" -d 'Disable a key'
complete -c latchkey -n "__fish_latchkey_using_subcommand api-keys; and not __fish_seen_subcommand_from create get list enable disable delete help" -f -a "delete" -d 'Delete a key'
complete -c latchkey -n "__fish_latchkey_using_subcommand api-keys; and not __fish_seen_subcommand_from create get list enable disable delete help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c latchkey -n "__fish_latchkey_using_subcommand api-keys; and __fish_seen_subcommand_from create" -l user -d 'The user (default: current user)' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand api-keys; and __fish_seen_subcommand_from create" -l socket -d 'The daemon\'s socket (default: $LATCHKEY_SOCKET, your user daemon\'s, then the system one)' -r -F
complete -c latchkey -n "__fish_latchkey_using_subcommand api-keys; and __fish_seen_subcommand_from create" -l app -d 'App name (default: the daemon\'s default app)' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand api-keys; and __fish_seen_subcommand_from create" -l owner -d 'As root: act on this uid\'s sessions instead of root\'s own' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand api-keys; and __fish_seen_subcommand_from create" -l json -d 'Print JSON instead of text'
complete -c latchkey -n "__fish_latchkey_using_subcommand api-keys; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help'
complete -c latchkey -n "__fish_latchkey_using_subcommand api-keys; and __fish_seen_subcommand_from get" -l user -d 'The user (default: current user)' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand api-keys; and __fish_seen_subcommand_from get" -l socket -d 'The daemon\'s socket (default: $LATCHKEY_SOCKET, your user daemon\'s, then the system one)' -r -F
complete -c latchkey -n "__fish_latchkey_using_subcommand api-keys; and __fish_seen_subcommand_from get" -l app -d 'App name (default: the daemon\'s default app)' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand api-keys; and __fish_seen_subcommand_from get" -l owner -d 'As root: act on this uid\'s sessions instead of root\'s own' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand api-keys; and __fish_seen_subcommand_from get" -l json -d 'Print JSON instead of text'
complete -c latchkey -n "__fish_latchkey_using_subcommand api-keys; and __fish_seen_subcommand_from get" -s h -l help -d 'Print help'
complete -c latchkey -n "__fish_latchkey_using_subcommand api-keys; and __fish_seen_subcommand_from list" -l user -d 'The user (default: current user)' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand api-keys; and __fish_seen_subcommand_from list" -l socket -d 'The daemon\'s socket (default: $LATCHKEY_SOCKET, your user daemon\'s, then the system one)' -r -F
complete -c latchkey -n "__fish_latchkey_using_subcommand api-keys; and __fish_seen_subcommand_from list" -l app -d 'App name (default: the daemon\'s default app)' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand api-keys; and __fish_seen_subcommand_from list" -l owner -d 'As root: act on this uid\'s sessions instead of root\'s own' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand api-keys; and __fish_seen_subcommand_from list" -l json -d 'Print JSON instead of text'
complete -c latchkey -n "__fish_latchkey_using_subcommand api-keys; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c latchkey -n "__fish_latchkey_using_subcommand api-keys; and __fish_seen_subcommand_from enable" -l user -d 'The user (default: current user)' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand api-keys; and __fish_seen_subcommand_from enable" -l socket -d 'The daemon\'s socket (default: $LATCHKEY_SOCKET, your user daemon\'s, then the system one)' -r -F
complete -c latchkey -n "__fish_latchkey_using_subcommand api-keys; and __fish_seen_subcommand_from enable" -l app -d 'App name (default: the daemon\'s default app)' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand api-keys; and __fish_seen_subcommand_from enable" -l owner -d 'As root: act on this uid\'s sessions instead of root\'s own' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand api-keys; and __fish_seen_subcommand_from enable" -l json -d 'Print JSON instead of text'
complete -c latchkey -n "__fish_latchkey_using_subcommand api-keys; and __fish_seen_subcommand_from enable" -s h -l help -d 'Print help'
complete -c latchkey -n "__fish_latchkey_using_subcommand api-keys; and __fish_seen_subcommand_from disable" -l user -d 'The user (default: current user)' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand api-keys; and __fish_seen_subcommand_from disable" -l socket -d 'The daemon\'s socket (default: $LATCHKEY_SOCKET, your user daemon\'s, then the system one)' -r -F
complete -c latchkey -n "__fish_latchkey_using_subcommand api-keys; and __fish_seen_subcommand_from disable" -l app -d 'App name (default: the daemon\'s default app)' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand api-keys; and __fish_seen_subcommand_from disable" -l owner -d 'As root: act on this uid\'s sessions instead of root\'s own' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand api-keys; and __fish_seen_subcommand_from disable" -l json -d 'Print JSON instead of text'
complete -c latchkey -n "__fish_latchkey_using_subcommand api-keys; and __fish_seen_subcommand_from disable" -s h -l help -d 'Print help'
complete -c latchkey -n "__fish_latchkey_using_subcommand api-keys; and __fish_seen_subcommand_from delete" -l user -d 'The user (default: current user)' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand api-keys; and __fish_seen_subcommand_from delete" -l socket -d 'The daemon\'s socket (default: $LATCHKEY_SOCKET, your user daemon\'s, then the system one)' -r -F
complete -c latchkey -n "__fish_latchkey_using_subcommand api-keys; and __fish_seen_subcommand_from delete" -l app -d 'App name (default: the daemon\'s default app)' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand api-keys; and __fish_seen_subcommand_from delete" -l owner -d 'As root: act on this uid\'s sessions instead of root\'s own' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand api-keys; and __fish_seen_subcommand_from delete" -l json -d 'Print JSON instead of text'
complete -c latchkey -n "__fish_latchkey_using_subcommand api-keys; and __fish_seen_subcommand_from delete" -s h -l help -d 'Print help'
complete -c latchkey -n "__fish_latchkey_using_subcommand api-keys; and __fish_seen_subcommand_from help" -f -a "create" -d 'Create a key; prints its secret, which is never shown again'
complete -c latchkey -n "__fish_latchkey_using_subcommand api-keys; and __fish_seen_subcommand_from help" -f -a "get" -d 'Show one key'
complete -c latchkey -n "__fish_latchkey_using_subcommand api-keys; and __fish_seen_subcommand_from help" -f -a "list" -d 'List the keys'
complete -c latchkey -n "__fish_latchkey_using_subcommand api-keys; and __fish_seen_subcommand_from help" -f -a "enable" -d 'Enable a key'
complete -c latchkey -n "__fish_latchkey_using_subcommand api-keys; and __fish_seen_subcommand_from help" -f -a "disable" -d 'Disable a key'
complete -c latchkey -n "__fish_latchkey_using_subcommand api-keys; and __fish_seen_subcommand_from help" -f -a "delete" -d 'Delete a key'
complete -c latchkey -n "__fish_latchkey_using_subcommand api-keys; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c latchkey -n "__fish_latchkey_using_subcommand register" -l socket -d 'The daemon\'s socket (default: $LATCHKEY_SOCKET, your user daemon\'s, then the system one)' -r -F
complete -c latchkey -n "__fish_latchkey_using_subcommand register" -l app -d 'App name (default: the daemon\'s default app)' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand register" -l owner -d 'As root: act on this uid\'s sessions instead of root\'s own' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand register" -l json -d 'Print JSON instead of text'
complete -c latchkey -n "__fish_latchkey_using_subcommand register" -s h -l help -d 'Print help'
complete -c latchkey -n "__fish_latchkey_using_subcommand confirm" -l token-id -d '`tokenId` of the link' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand confirm" -l socket -d 'The daemon\'s socket (default: $LATCHKEY_SOCKET, your user daemon\'s, then the system one)' -r -F
complete -c latchkey -n "__fish_latchkey_using_subcommand confirm" -l app -d 'App name (default: the daemon\'s default app)' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand confirm" -l owner -d 'As root: act on this uid\'s sessions instead of root\'s own' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand confirm" -l json -d 'Print JSON instead of text'
complete -c latchkey -n "__fish_latchkey_using_subcommand confirm" -s h -l help -d 'Print help'
complete -c latchkey -n "__fish_latchkey_using_subcommand resend-confirmation" -l socket -d 'The daemon\'s socket (default: $LATCHKEY_SOCKET, your user daemon\'s, then the system one)' -r -F
complete -c latchkey -n "__fish_latchkey_using_subcommand resend-confirmation" -l app -d 'App name (default: the daemon\'s default app)' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand resend-confirmation" -l owner -d 'As root: act on this uid\'s sessions instead of root\'s own' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand resend-confirmation" -l json -d 'Print JSON instead of text'
complete -c latchkey -n "__fish_latchkey_using_subcommand resend-confirmation" -s h -l help -d 'Print help'
complete -c latchkey -n "__fish_latchkey_using_subcommand retry-confirmation" -l socket -d 'The daemon\'s socket (default: $LATCHKEY_SOCKET, your user daemon\'s, then the system one)' -r -F
complete -c latchkey -n "__fish_latchkey_using_subcommand retry-confirmation" -l app -d 'App name (default: the daemon\'s default app)' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand retry-confirmation" -l owner -d 'As root: act on this uid\'s sessions instead of root\'s own' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand retry-confirmation" -l json -d 'Print JSON instead of text'
complete -c latchkey -n "__fish_latchkey_using_subcommand retry-confirmation" -s h -l help -d 'Print help'
complete -c latchkey -n "__fish_latchkey_using_subcommand reset-password; and not __fish_seen_subcommand_from send apply call help" -l socket -d 'The daemon\'s socket (default: $LATCHKEY_SOCKET, your user daemon\'s, then the system one)' -r -F
complete -c latchkey -n "__fish_latchkey_using_subcommand reset-password; and not __fish_seen_subcommand_from send apply call help" -l app -d 'App name (default: the daemon\'s default app)' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand reset-password; and not __fish_seen_subcommand_from send apply call help" -l owner -d 'As root: act on this uid\'s sessions instead of root\'s own' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand reset-password; and not __fish_seen_subcommand_from send apply call help" -l json -d 'Print JSON instead of text'
complete -c latchkey -n "__fish_latchkey_using_subcommand reset-password; and not __fish_seen_subcommand_from send apply call help" -s h -l help -d 'Print help'
complete -c latchkey -n "__fish_latchkey_using_subcommand reset-password; and not __fish_seen_subcommand_from send apply call help" -f -a "send" -d 'Send a password reset email'
complete -c latchkey -n "__fish_latchkey_using_subcommand reset-password; and not __fish_seen_subcommand_from send apply call help" -f -a "apply" -d 'Set a new password with a reset link\'s token id; the token and then the new password are prompted for, or read from stdin one a line'
complete -c latchkey -n "__fish_latchkey_using_subcommand reset-password; and not __fish_seen_subcommand_from send apply call help" -f -a "call" -d 'Set a new password through the app\'s reset function (password prompted for or read from stdin)'
complete -c latchkey -n "__fish_latchkey_using_subcommand reset-password; and not __fish_seen_subcommand_from send apply call help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c latchkey -n "__fish_latchkey_using_subcommand reset-password; and __fish_seen_subcommand_from send" -l socket -d 'The daemon\'s socket (default: $LATCHKEY_SOCKET, your user daemon\'s, then the system one)' -r -F
complete -c latchkey -n "__fish_latchkey_using_subcommand reset-password; and __fish_seen_subcommand_from send" -l app -d 'App name (default: the daemon\'s default app)' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand reset-password; and __fish_seen_subcommand_from send" -l owner -d 'As root: act on this uid\'s sessions instead of root\'s own' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand reset-password; and __fish_seen_subcommand_from send" -l json -d 'Print JSON instead of text'
complete -c latchkey -n "__fish_latchkey_using_subcommand reset-password; and __fish_seen_subcommand_from send" -s h -l help -d 'Print help'
complete -c latchkey -n "__fish_latchkey_using_subcommand reset-password; and __fish_seen_subcommand_from apply" -l token-id -d '`tokenId` of the link' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand reset-password; and __fish_seen_subcommand_from apply" -l socket -d 'The daemon\'s socket (default: $LATCHKEY_SOCKET, your user daemon\'s, then the system one)' -r -F
complete -c latchkey -n "__fish_latchkey_using_subcommand reset-password; and __fish_seen_subcommand_from apply" -l app -d 'App name (default: the daemon\'s default app)' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand reset-password; and __fish_seen_subcommand_from apply" -l owner -d 'As root: act on this uid\'s sessions instead of root\'s own' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand reset-password; and __fish_seen_subcommand_from apply" -l json -d 'Print JSON instead of text'
complete -c latchkey -n "__fish_latchkey_using_subcommand reset-password; and __fish_seen_subcommand_from apply" -s h -l help -d 'Print help'
complete -c latchkey -n "__fish_latchkey_using_subcommand reset-password; and __fish_seen_subcommand_from call" -l args -d 'The function\'s arguments, a JSON array' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand reset-password; and __fish_seen_subcommand_from call" -l socket -d 'The daemon\'s socket (default: $LATCHKEY_SOCKET, your user daemon\'s, then the system one)' -r -F
complete -c latchkey -n "__fish_latchkey_using_subcommand reset-password; and __fish_seen_subcommand_from call" -l app -d 'App name (default: the daemon\'s default app)' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand reset-password; and __fish_seen_subcommand_from call" -l owner -d 'As root: act on this uid\'s sessions instead of root\'s own' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand reset-password; and __fish_seen_subcommand_from call" -l json -d 'Print JSON instead of text'
complete -c latchkey -n "__fish_latchkey_using_subcommand reset-password; and __fish_seen_subcommand_from call" -s h -l help -d 'Print help'
complete -c latchkey -n "__fish_latchkey_using_subcommand reset-password; and __fish_seen_subcommand_from help" -f -a "send" -d 'Send a password reset email'
complete -c latchkey -n "__fish_latchkey_using_subcommand reset-password; and __fish_seen_subcommand_from help" -f -a "apply" -d 'Set a new password with a reset link\'s token id; the token and then the new password are prompted for, or read from stdin one a line'
complete -c latchkey -n "__fish_latchkey_using_subcommand reset-password; and __fish_seen_subcommand_from help" -f -a "call" -d 'Set a new password through the app\'s reset function (password prompted for or read from stdin)'
complete -c latchkey -n "__fish_latchkey_using_subcommand reset-password; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c latchkey -n "__fish_latchkey_using_subcommand status" -l socket -d 'The daemon\'s socket (default: $LATCHKEY_SOCKET, your user daemon\'s, then the system one)' -r -F
complete -c latchkey -n "__fish_latchkey_using_subcommand status" -l app -d 'App name (default: the daemon\'s default app)' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand status" -l owner -d 'As root: act on this uid\'s sessions instead of root\'s own' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand status" -l json -d 'Print JSON instead of text'
complete -c latchkey -n "__fish_latchkey_using_subcommand status" -s h -l help -d 'Print help'
complete -c latchkey -n "__fish_latchkey_using_subcommand apps" -l socket -d 'The daemon\'s socket (default: $LATCHKEY_SOCKET, your user daemon\'s, then the system one)' -r -F
complete -c latchkey -n "__fish_latchkey_using_subcommand apps" -l app -d 'App name (default: the daemon\'s default app)' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand apps" -l owner -d 'As root: act on this uid\'s sessions instead of root\'s own' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand apps" -l json -d 'Print JSON instead of text'
complete -c latchkey -n "__fish_latchkey_using_subcommand apps" -s h -l help -d 'Print help'
complete -c latchkey -n "__fish_latchkey_using_subcommand kubernetes-credential" -l user -d 'User id (default: current user)' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand kubernetes-credential" -l min-valid -d 'Refresh first unless the token stays valid this long' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand kubernetes-credential" -l socket -d 'The daemon\'s socket (default: $LATCHKEY_SOCKET, your user daemon\'s, then the system one)' -r -F
complete -c latchkey -n "__fish_latchkey_using_subcommand kubernetes-credential" -l app -d 'App name (default: the daemon\'s default app)' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand kubernetes-credential" -l owner -d 'As root: act on this uid\'s sessions instead of root\'s own' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand kubernetes-credential" -l id-token -d 'The session\'s ID token instead of its access token (for API servers that authenticate with OpenID Connect)'
complete -c latchkey -n "__fish_latchkey_using_subcommand kubernetes-credential" -l json -d 'Print JSON instead of text'
complete -c latchkey -n "__fish_latchkey_using_subcommand kubernetes-credential" -s h -l help -d 'Print help'
complete -c latchkey -n "__fish_latchkey_using_subcommand doctor" -l socket -d 'The daemon\'s socket (default: $LATCHKEY_SOCKET, your user daemon\'s, then the system one)' -r -F
complete -c latchkey -n "__fish_latchkey_using_subcommand doctor" -l app -d 'App name (default: the daemon\'s default app)' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand doctor" -l owner -d 'As root: act on this uid\'s sessions instead of root\'s own' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand doctor" -l json -d 'Print JSON instead of text'
complete -c latchkey -n "__fish_latchkey_using_subcommand doctor" -s h -l help -d 'Print help'
complete -c latchkey -n "__fish_latchkey_using_subcommand completions" -l socket -d 'The daemon\'s socket (default: $LATCHKEY_SOCKET, your user daemon\'s, then the system one)' -r -F
complete -c latchkey -n "__fish_latchkey_using_subcommand completions" -l app -d 'App name (default: the daemon\'s default app)' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand completions" -l owner -d 'As root: act on this uid\'s sessions instead of root\'s own' -r
complete -c latchkey -n "__fish_latchkey_using_subcommand completions" -l json -d 'Print JSON instead of text'
complete -c latchkey -n "__fish_latchkey_using_subcommand completions" -s h -l help -d 'Print help'
complete -c latchkey -n "__fish_latchkey_using_subcommand help; and not __fish_seen_subcommand_from login link logout whoami users switch remove delete token refresh watch api-keys register confirm resend-confirmation retry-confirmation reset-password status apps kubernetes-credential doctor completions help" -f -a "login" -d 'Log in and become the current user'
complete -c latchkey -n "__fish_latchkey_using_subcommand help; and not __fish_seen_subcommand_from login link logout whoami users switch remove delete token refresh watch api-keys register confirm resend-confirmation retry-confirmation reset-password status apps kubernetes-credential doctor completions help" -f -a "link" -d 'Add another identity to a logged-in user'
complete -c latchkey -n "__fish_latchkey_using_subcommand help; and not __fish_seen_subcommand_from login link logout whoami users switch remove delete token refresh watch api-keys register confirm resend-confirmation retry-confirmation reset-password status apps kubernetes-credential doctor completions help" -f -a "logout" -d 'Log a user out (default: current user)'
complete -c latchkey -n "__fish_latchkey_using_subcommand help; and not __fish_seen_subcommand_from login link logout whoami users switch remove delete token refresh watch api-keys register confirm resend-confirmation retry-confirmation reset-password status apps kubernetes-credential doctor completions help" -f -a "whoami" -d 'Show the current user'
complete -c latchkey -n "__fish_latchkey_using_subcommand help; and not __fish_seen_subcommand_from login link logout whoami users switch remove delete token refresh watch api-keys register confirm resend-confirmation retry-confirmation reset-password status apps kubernetes-credential doctor completions help" -f -a "users" -d 'List your users'
complete -c latchkey -n "__fish_latchkey_using_subcommand help; and not __fish_seen_subcommand_from login link logout whoami users switch remove delete token refresh watch api-keys register confirm resend-confirmation retry-confirmation reset-password status apps kubernetes-credential doctor completions help" -f -a "switch" -d 'Make a logged-in user current'
complete -c latchkey -n "__fish_latchkey_using_subcommand help; and not __fish_seen_subcommand_from login link logout whoami users switch remove delete token refresh watch api-keys register confirm resend-confirmation retry-confirmation reset-password status apps kubernetes-credential doctor completions help" -f -a "remove" -d 'Forget a user locally (logging them out first)'
complete -c latchkey -n "__fish_latchkey_using_subcommand help; and not __fish_seen_subcommand_from login link logout whoami users switch remove delete token refresh watch api-keys register confirm resend-confirmation retry-confirmation reset-password status apps kubernetes-credential doctor completions help" -f -a "delete" -d 'Delete a user at the backend'
complete -c latchkey -n "__fish_latchkey_using_subcommand help; and not __fish_seen_subcommand_from login link logout whoami users switch remove delete token refresh watch api-keys register confirm resend-confirmation retry-confirmation reset-password status apps kubernetes-credential doctor completions help" -f -a "token" -d 'Print a valid access token (only the token: `$(latchkey token)`), or the session\'s ID token; or write it to a file, and keep it current there with --follow'
complete -c latchkey -n "__fish_latchkey_using_subcommand help; and not __fish_seen_subcommand_from login link logout whoami users switch remove delete token refresh watch api-keys register confirm resend-confirmation retry-confirmation reset-password status apps kubernetes-credential doctor completions help" -f -a "refresh" -d 'Refresh a user\'s access token and custom data now'
complete -c latchkey -n "__fish_latchkey_using_subcommand help; and not __fish_seen_subcommand_from login link logout whoami users switch remove delete token refresh watch api-keys register confirm resend-confirmation retry-confirmation reset-password status apps kubernetes-credential doctor completions help" -f -a "watch" -d 'Print session events as they happen, one a line; reconnects (resuming where it left off) when the daemon restarts. Stop with Ctrl-C'
complete -c latchkey -n "__fish_latchkey_using_subcommand help; and not __fish_seen_subcommand_from login link logout whoami users switch remove delete token refresh watch api-keys register confirm resend-confirmation retry-confirmation reset-password status apps kubernetes-credential doctor completions help" -f -a "api-keys" -d 'Manage a user\'s API keys'
complete -c latchkey -n "__fish_latchkey_using_subcommand help; and not __fish_seen_subcommand_from login link logout whoami users switch remove delete token refresh watch api-keys register confirm resend-confirmation retry-confirmation reset-password status apps kubernetes-credential doctor completions help" -f -a "register" -d 'Register an email/password account (password prompted for or read from stdin)'
complete -c latchkey -n "__fish_latchkey_using_subcommand help; and not __fish_seen_subcommand_from login link logout whoami users switch remove delete token refresh watch api-keys register confirm resend-confirmation retry-confirmation reset-password status apps kubernetes-credential doctor completions help" -f -a "confirm" -d 'Confirm an account with a confirmation link\'s token id (the token is prompted for or read from stdin)'
complete -c latchkey -n "__fish_latchkey_using_subcommand help; and not __fish_seen_subcommand_from login link logout whoami users switch remove delete token refresh watch api-keys register confirm resend-confirmation retry-confirmation reset-password status apps kubernetes-credential doctor completions help" -f -a "resend-confirmation" -d 'Send the confirmation email again'
complete -c latchkey -n "__fish_latchkey_using_subcommand help; and not __fish_seen_subcommand_from login link logout whoami users switch remove delete token refresh watch api-keys register confirm resend-confirmation retry-confirmation reset-password status apps kubernetes-credential doctor completions help" -f -a "retry-confirmation" -d 'Run the app\'s confirmation function again'
complete -c latchkey -n "__fish_latchkey_using_subcommand help; and not __fish_seen_subcommand_from login link logout whoami users switch remove delete token refresh watch api-keys register confirm resend-confirmation retry-confirmation reset-password status apps kubernetes-credential doctor completions help" -f -a "reset-password" -d 'Reset a password'
complete -c latchkey -n "__fish_latchkey_using_subcommand help; and not __fish_seen_subcommand_from login link logout whoami users switch remove delete token refresh watch api-keys register confirm resend-confirmation retry-confirmation reset-password status apps kubernetes-credential doctor completions help" -f -a "status" -d 'Show the daemon\'s status'
complete -c latchkey -n "__fish_latchkey_using_subcommand help; and not __fish_seen_subcommand_from login link logout whoami users switch remove delete token refresh watch api-keys register confirm resend-confirmation retry-confirmation reset-password status apps kubernetes-credential doctor completions help" -f -a "apps" -d 'List the configured apps'
complete -c latchkey -n "__fish_latchkey_using_subcommand help; and not __fish_seen_subcommand_from login link logout whoami users switch remove delete token refresh watch api-keys register confirm resend-confirmation retry-confirmation reset-password status apps kubernetes-credential doctor completions help" -f -a "kubernetes-credential" -d 'A client-go exec credential plugin (kubectl, Kubernetes client libraries): reads KUBERNETES_EXEC_INFO and prints an ExecCredential of the same apiVersion with the session\'s token. When the session needs a new login: with `spec.interactive`, runs the app\'s device login (its prompt on stderr); otherwise exits 3 saying how to log in'
complete -c latchkey -n "__fish_latchkey_using_subcommand help; and not __fish_seen_subcommand_from login link logout whoami users switch remove delete token refresh watch api-keys register confirm resend-confirmation retry-confirmation reset-password status apps kubernetes-credential doctor completions help" -f -a "doctor" -d 'Check what stands between you and a token (socket, daemon, apps, backends, state and seal key, clock) and say how to fix each problem found; exits 1 when one is found'
complete -c latchkey -n "__fish_latchkey_using_subcommand help; and not __fish_seen_subcommand_from login link logout whoami users switch remove delete token refresh watch api-keys register confirm resend-confirmation retry-confirmation reset-password status apps kubernetes-credential doctor completions help" -f -a "completions" -d 'Print a shell completion script: `source <(latchkey completions bash)`, or save it where the shell loads completions from'
complete -c latchkey -n "__fish_latchkey_using_subcommand help; and not __fish_seen_subcommand_from login link logout whoami users switch remove delete token refresh watch api-keys register confirm resend-confirmation retry-confirmation reset-password status apps kubernetes-credential doctor completions help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c latchkey -n "__fish_latchkey_using_subcommand help; and __fish_seen_subcommand_from login" -f -a "anonymous" -d 'Anonymous user (reuses your anonymous user unless --new)'
complete -c latchkey -n "__fish_latchkey_using_subcommand help; and __fish_seen_subcommand_from login" -f -a "email" -d 'Email and password; the password is prompted for or read from stdin'
complete -c latchkey -n "__fish_latchkey_using_subcommand help; and __fish_seen_subcommand_from login" -f -a "jwt" -d 'Custom JWT, prompted for or read from stdin'
complete -c latchkey -n "__fish_latchkey_using_subcommand help; and __fish_seen_subcommand_from login" -f -a "api-key" -d 'API key, prompted for or read from stdin'
complete -c latchkey -n "__fish_latchkey_using_subcommand help; and __fish_seen_subcommand_from login" -f -a "function" -d 'Custom function; the JSON payload is read from stdin'
complete -c latchkey -n "__fish_latchkey_using_subcommand help; and __fish_seen_subcommand_from login" -f -a "facebook" -d 'Facebook access token, prompted for or read from stdin'
complete -c latchkey -n "__fish_latchkey_using_subcommand help; and __fish_seen_subcommand_from login" -f -a "google" -d 'Google auth code (or ID token with --id-token), prompted for or read from stdin'
complete -c latchkey -n "__fish_latchkey_using_subcommand help; and __fish_seen_subcommand_from login" -f -a "apple" -d 'Apple ID token, prompted for or read from stdin'
complete -c latchkey -n "__fish_latchkey_using_subcommand help; and __fish_seen_subcommand_from login" -f -a "device" -d 'OpenID Connect device login: prints where to go and the code to enter, waits for you'
complete -c latchkey -n "__fish_latchkey_using_subcommand help; and __fish_seen_subcommand_from login" -f -a "browser" -d 'OpenID Connect login in a browser: opens the provider\'s page (with xdg-open when there is a display; otherwise prints its address), waits for the browser to come back'
complete -c latchkey -n "__fish_latchkey_using_subcommand help; and __fish_seen_subcommand_from login" -f -a "client-credentials" -d 'OAuth 2.0 client credentials: a session of the app\'s own client'
complete -c latchkey -n "__fish_latchkey_using_subcommand help; and __fish_seen_subcommand_from login" -f -a "password" -d 'OAuth 2.0 password grant; the password is prompted for or read from stdin'
complete -c latchkey -n "__fish_latchkey_using_subcommand help; and __fish_seen_subcommand_from login" -f -a "refresh-token" -d 'Adopt an OAuth 2.0 refresh token, read from stdin (or prompted for)'
complete -c latchkey -n "__fish_latchkey_using_subcommand help; and __fish_seen_subcommand_from link" -f -a "anonymous" -d 'Anonymous user (reuses your anonymous user unless --new)'
complete -c latchkey -n "__fish_latchkey_using_subcommand help; and __fish_seen_subcommand_from link" -f -a "email" -d 'Email and password; the password is prompted for or read from stdin'
complete -c latchkey -n "__fish_latchkey_using_subcommand help; and __fish_seen_subcommand_from link" -f -a "jwt" -d 'Custom JWT, prompted for or read from stdin'
complete -c latchkey -n "__fish_latchkey_using_subcommand help; and __fish_seen_subcommand_from link" -f -a "api-key" -d 'API key, prompted for or read from stdin'
complete -c latchkey -n "__fish_latchkey_using_subcommand help; and __fish_seen_subcommand_from link" -f -a "function" -d 'Custom function; the JSON payload is read from stdin'
complete -c latchkey -n "__fish_latchkey_using_subcommand help; and __fish_seen_subcommand_from link" -f -a "facebook" -d 'Facebook access token, prompted for or read from stdin'
complete -c latchkey -n "__fish_latchkey_using_subcommand help; and __fish_seen_subcommand_from link" -f -a "google" -d 'Google auth code (or ID token with --id-token), prompted for or read from stdin'
complete -c latchkey -n "__fish_latchkey_using_subcommand help; and __fish_seen_subcommand_from link" -f -a "apple" -d 'Apple ID token, prompted for or read from stdin'
complete -c latchkey -n "__fish_latchkey_using_subcommand help; and __fish_seen_subcommand_from link" -f -a "device" -d 'OpenID Connect device login: prints where to go and the code to enter, waits for you'
complete -c latchkey -n "__fish_latchkey_using_subcommand help; and __fish_seen_subcommand_from link" -f -a "browser" -d 'OpenID Connect login in a browser: opens the provider\'s page (with xdg-open when there is a display; otherwise prints its address), waits for the browser to come back'
complete -c latchkey -n "__fish_latchkey_using_subcommand help; and __fish_seen_subcommand_from link" -f -a "client-credentials" -d 'OAuth 2.0 client credentials: a session of the app\'s own client'
complete -c latchkey -n "__fish_latchkey_using_subcommand help; and __fish_seen_subcommand_from link" -f -a "password" -d 'OAuth 2.0 password grant; the password is prompted for or read from stdin'
complete -c latchkey -n "__fish_latchkey_using_subcommand help; and __fish_seen_subcommand_from link" -f -a "refresh-token" -d 'Adopt an OAuth 2.0 refresh token, read from stdin (or prompted for)'
complete -c latchkey -n "__fish_latchkey_using_subcommand help; and __fish_seen_subcommand_from api-keys" -f -a "create" -d 'Create a key; prints its secret, which is never shown again'
complete -c latchkey -n "__fish_latchkey_using_subcommand help; and __fish_seen_subcommand_from api-keys" -f -a "get" -d 'Show one key'
complete -c latchkey -n "__fish_latchkey_using_subcommand help; and __fish_seen_subcommand_from api-keys" -f -a "list" -d 'List the keys'
complete -c latchkey -n "__fish_latchkey_using_subcommand help; and __fish_seen_subcommand_from api-keys" -f -a "enable" -d 'Enable a key'
complete -c latchkey -n "__fish_latchkey_using_subcommand help; and __fish_seen_subcommand_from api-keys" -f -a "disable" -d 'Disable a key'
complete -c latchkey -n "__fish_latchkey_using_subcommand help; and __fish_seen_subcommand_from api-keys" -f -a "delete" -d 'Delete a key'
complete -c latchkey -n "__fish_latchkey_using_subcommand help; and __fish_seen_subcommand_from reset-password" -f -a "send" -d 'Send a password reset email'
complete -c latchkey -n "__fish_latchkey_using_subcommand help; and __fish_seen_subcommand_from reset-password" -f -a "apply" -d 'Set a new password with a reset link\'s token id; the token and then the new password are prompted for, or read from stdin one a line'
complete -c latchkey -n "__fish_latchkey_using_subcommand help; and __fish_seen_subcommand_from reset-password" -f -a "call" -d 'Set a new password through the app\'s reset function (password prompted for or read from stdin)'
