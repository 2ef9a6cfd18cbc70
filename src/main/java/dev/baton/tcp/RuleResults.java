package dev.baton.tcp;

import dev.baton.io.Endpoint;
import dev.baton.log.LogCaptures;
import dev.baton.log.TcpLogLine;
import dev.baton.sample.vars.Vars;

/**
 * What a mode tcp stream's {@code tcp-request} rules left for its log line: the {@code sess.*} variables connection
 * and session rules set, the stream's variables and the values {@code tcp-request content capture} kept ({@code %hr}).
 * Made only for a stream whose rules left something. Reactor thread of the stream.
 */
final class RuleResults {
    private Vars vars;
    private LogCaptures captures;

    private RuleResults() {
    }

    /** For a stream starting on {@code client}: its session variables, or null when its rules set none. */
    static RuleResults atStart(final Endpoint client) {
        if (client.sessionVars() == null) {
            return null;
        }
        final RuleResults r = new RuleResults();
        r.vars = new Vars();
        r.vars.attach(client.sessionVars());
        return r;
    }

    /** {@code known} (or null) with what the content rules of {@code decided} left; null when nothing. */
    static RuleResults decided(final RuleResults known, final TcpInspection decided) {
        if (decided.usedVars() == null && decided.captures() == null) {
            return known;
        }
        final RuleResults r = known != null ? known : new RuleResults();
        if (decided.usedVars() != null) {
            r.vars = decided.usedVars(); // the session's variables are attached to these too
        }
        r.captures = decided.captures();
        return r;
    }

    /** Gives {@code line} the variables and captures of {@code r} (null: none). */
    static void fill(final RuleResults r, final TcpLogLine line) {
        if (r != null) {
            line.vars = r.vars;
            line.captures = r.captures;
        }
    }
}
