package dev.baton.health;

import dev.baton.config.CheckRule;
import dev.baton.config.CheckRuleset;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * HAProxy 2.6's info texts for a check's outcome that do not depend on what was read (checked against HAProxy
 * 2.6.12's {@code show stat} on the same rules): {@code (tcp-check)} for a tcp-check ruleset that passed, the
 * system's error text, and where in a tcp-check ruleset a connection error or a timeout happened
 * (chk_report_conn_err): {@code " at step 2 of tcp-check (expect string 'PONG') comment: 'x'"}. Only a
 * {@code tcp-check} ruleset says where; the protocol checks and Layer 4 and HTTP checks do not. Stateless.
 */
final class CheckTexts {
    static final String TCP_CHECK = "(tcp-check)";
    /** HAProxy's text for a failed TLS handshake (conn_err_code_str, CO_ER_SSL_HANDSHAKE). */
    static final String SSL_HANDSHAKE = "SSL handshake failure";

    private CheckTexts() {
    }

    /** HAProxy's text for a socket error ({@code strerror}): Java's "Connection reset" is "... by peer". */
    static String socketError(final IOException e) {
        final String m = e.getMessage();
        if (m == null) {
            return "";
        }
        return m.startsWith("Connection reset") ? "Connection reset by peer" : m;
    }

    /** Where the run stood at {@code index}, for a tcp-check ruleset; "" otherwise. */
    static String where(final CheckRuleset set, final int index, final CheckRule[] rules) {
        if (set.kind() != CheckRuleset.Kind.TCP || index >= rules.length) {
            return "";
        }
        final int step = set.step(index);
        if (step == 0) {
            return " at initial connection step of tcp-check";
        }
        final StringBuilder sb = new StringBuilder(64).append(" at step ").append(step).append(" of tcp-check");
        final CheckRule rule = rules[index];
        if (rule instanceof CheckRule.Connect c) {
            sb.append(c.port() != 0 ? " (connect port " + c.port() + ")" : " (connect)");
        } else if (rule instanceof CheckRule.Send) {
            sb.append(" (send)");
        } else {
            final CheckRule.Expect e = (CheckRule.Expect) rule;
            switch (e.match()) {
                case STRING -> sb.append(" (expect string '").append(e.text()).append("')");
                case BINARY -> sb.append(" (expect binary '")
                    .append(new String(e.bytes(), StandardCharsets.ISO_8859_1)).append("')");
                case RSTRING -> sb.append(" (expect regex)");
                case RBINARY -> sb.append(" (expect binary regex)");
                default -> sb.append(" (expect custom function)");
            }
        }
        if (rule.comment() != null) {
            sb.append(" comment: '").append(rule.comment()).append('\'');
        }
        return sb.toString();
    }
}
