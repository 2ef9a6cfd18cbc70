package dev.baton.http.rules;

/**
 * {@code http-request auth [realm REALM]}: the request is answered with HAProxy's 401 (the proxy's {@code errorfile}
 * for 401 if any) carrying {@code WWW-Authenticate: Basic realm="REALM"}; the realm defaults to the name of the
 * proxy the rule is written in. Final, like deny.
 */
public record AuthRule(String realm, Condition condition) implements HttpRule {
    @Override
    public Kind kind() {
        return Kind.AUTH;
    }
}
