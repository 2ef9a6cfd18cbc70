package dev.baton.config;

import java.util.regex.Pattern;

/**
 * One step of a check's ruleset (HAProxy's tcpcheck rules): every check type (Layer 4, {@code tcp-check},
 * {@code http-check}, the protocol checks, the agent check) is a sequence of these, run in order on one connection at a time by
 * {@code dev.baton.health.CheckRun}. Comments given by {@code tcp-check comment} are already folded into the
 * rules that follow them, as HAProxy does once the section is parsed. Immutable.
 */
public sealed interface CheckRule permits CheckRule.Connect, CheckRule.Send, CheckRule.Expect {
    /** The rule's comment (its own, or the one a {@code comment} rule gave it), or null. */
    String comment();

    /**
     * Open a new connection, closing the one in use.
     *
     * @param port     the port, 0 for the check's own ({@code port}, else the server's)
     * @param addr     the address, null for the check's own
     * @param linger   close the socket gracefully (FIN) rather than with a reset
     * @param implicit added because the ruleset did not start with a connect (its failures are reported "at
     *                 initial connection step", and a ruleset of it alone passes without info)
     * @param proxy    whether a PROXY protocol header starts the connection: {@link #PROXY_DEFAULT} (HAProxy's
     *                 default connect: the implicit one, those of the {@code option *-check} rulesets and
     *                 {@code tcp-check connect default}: as the server's {@code check-send-proxy} rule says),
     *                 {@link #PROXY_SEND} ({@code tcp-check connect send-proxy}) or {@link #PROXY_NONE}
     */
    record Connect(int port, String addr, boolean linger, boolean implicit, String comment, int proxy)
        implements CheckRule {
        public static final int PROXY_DEFAULT = 0;
        public static final int PROXY_SEND = 1;
        public static final int PROXY_NONE = 2;

        /** The connect HAProxy inserts before a ruleset that does not start with one. */
        public static final Connect IMPLICIT = new Connect(0, null, false, true, null);

        /** A default connect ({@link #PROXY_DEFAULT}). */
        public Connect(final int port, final String addr, final boolean linger, final boolean implicit,
                       final String comment) {
            this(port, addr, linger, implicit, comment, PROXY_DEFAULT);
        }

        public Connect withComment(final String c) {
            return new Connect(port, addr, linger, implicit, c, proxy);
        }
    }

    /** Write {@code data} on the connection (its reading buffer is emptied first). */
    record Send(byte[] data, String comment) implements CheckRule {
        public Send {
            data = data.clone();
        }

        @Override
        public byte[] data() {
            return data.clone();
        }

        /** The bytes, not copied: the caller must not change them (the checks' hot path). */
        public byte[] bytes() {
            return data;
        }

        public Send withComment(final String c) {
            return new Send(data, c);
        }
    }

    /** What an {@code expect} looks at. */
    enum Match {
        /** {@code string}: the bytes read contain the text. */
        STRING,
        /** {@code rstring}: the bytes read, as text, match the regular expression. */
        RSTRING,
        /** {@code binary}: the bytes read contain the bytes of the hex string. */
        BINARY,
        /** {@code rbinary}: the upper-case hex dump of the bytes read matches the regular expression. */
        RBINARY,
        /** An HTTP response's status or body ({@link Expect#http()}). */
        HTTP,
        /** MySQL's initial handshake packet ({@code option mysql-check}). */
        MYSQL_HANDSHAKE,
        /** MySQL's answer to the login, after the handshake ({@code option mysql-check user}). */
        MYSQL_OK,
        /** An LDAPv3 bind response with result code 0 ({@code option ldap-check}). */
        LDAP_BIND,
        /** One line of an agent's reply ({@code agent-check}), handed to the agent check to act on. */
        AGENT
    }

    /**
     * Read, and test what was read.
     *
     * @param match       what is tested
     * @param negated     {@code !}: the rule passes when the pattern is not found
     * @param text        the pattern as written (string, hex string, regular expression), null for the custom
     *                    and HTTP matches
     * @param bytes       for {@link Match#STRING} and {@link Match#BINARY}: the bytes searched for; else null
     * @param regex       for {@link Match#RSTRING} and {@link Match#RBINARY}, else null
     * @param minRecv     {@code min-recv}: read at least this many bytes before judging; -1 when not set (a
     *                    failed match then waits for more until the connection ends or the buffer is full)
     * @param okStatus    {@code ok-status}: the status if the ruleset ends on this rule, null for L7OK
     * @param errorStatus {@code error-status}: the status when it fails, null for L7RSP
     * @param toutStatus  {@code tout-status}: the status when it times out, null for L7TOUT
     * @param onSuccess   {@code on-success}: the info when the ruleset ends on this rule, or null
     * @param onError     {@code on-error}: the info when it fails, or null
     * @param statusCode  {@code status-code}: the check's code once the rule is judged, or null
     * @param http        for {@link Match#HTTP}: the status or body expectation; null for HAProxy's implicit one
     *                    (any 2xx or 3xx)
     */
    record Expect(Match match, boolean negated, String text, byte[] bytes, Pattern regex, int minRecv,
                  String okStatus, String errorStatus, String toutStatus, CheckInfoFormat onSuccess,
                  CheckInfoFormat onError, CheckInfoFormat statusCode, HttpCheckConfig.Expect http, String comment)
        implements CheckRule {

        /** An HTTP expectation ({@code http-check expect}), null for the implicit 2xx/3xx one. */
        public static Expect http(final HttpCheckConfig.Expect http, final String comment) {
            return new Expect(Match.HTTP, http != null && http.negated(), null, null, null, -1, null, null, null, null,
                null, null, http, comment);
        }

        /** One of the custom expectations of the protocol checks. */
        public static Expect custom(final Match match) {
            return new Expect(match, false, null, null, null, -1, null, null, null, null, null, null, null, null);
        }

        public Expect withComment(final String c) {
            return new Expect(match, negated, text, bytes, regex, minRecv, okStatus, errorStatus, toutStatus,
                onSuccess, onError, statusCode, http, c);
        }
    }
}
