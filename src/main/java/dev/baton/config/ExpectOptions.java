package dev.baton.config;

import java.util.List;
import java.util.Locale;

/**
 * The options of a {@code tcp-check expect} or {@code http-check expect} line while it is parsed (HAProxy 2.6's
 * parse_tcpcheck_expect reads them the same way for both): {@code min-recv}, {@code comment}, {@code ok-status},
 * {@code error-status}, {@code tout-status}, {@code on-success}, {@code on-error}, {@code status-code}, with
 * HAProxy's error texts. On an HTTP rule the info texts must be plain and {@code status-code} is refused: the
 * one sample baton evaluates, {@code res.payload}, reads nothing from an HTTP check's response in HAProxy.
 * Single-threaded, one per line.
 */
final class ExpectOptions {
    private static final List<String> OK_STATUSES = List.of("L4OK", "L6OK", "L7OK", "L7OKC");
    /** HAProxy also takes L7OKC, which its message does not name. */
    private static final List<String> ERROR_STATUSES = List.of("L4CON", "L6RSP", "L7RSP", "L7STS", "L7OKC");
    private static final List<String> TOUT_STATUSES = List.of("L4TOUT", "L6TOUT", "L7TOUT");

    private final String kw;
    private final boolean http;
    int minRecv = -1;
    String ok;
    String error;
    String tout;
    CheckInfoFormat onSuccess;
    CheckInfoFormat onError;
    CheckInfoFormat statusCode;
    String comment;

    /** @param http the line is an {@code http-check expect} */
    ExpectOptions(final String kw, final boolean http) {
        this.kw = kw;
        this.http = http;
    }

    /** Whether {@code w} names an option. */
    static boolean isOption(final String w) {
        return switch (w) {
            case "min-recv", "comment", "on-success", "on-error", "status-code", "ok-status", "error-status",
                "tout-status" -> true;
            default -> false;
        };
    }

    /** Takes option {@code w} (see {@link #isOption}) with its argument {@code arg} (null when none). */
    void take(final String w, final String arg) {
        switch (w) {
            case "min-recv" -> minRecv = intArg(w, arg);
            case "comment" -> comment = required(kw, w, arg, "a string");
            case "on-success" -> onSuccess = info(w, required(kw, w, arg, "a string"));
            case "on-error" -> onError = info(w, required(kw, w, arg, "a string"));
            case "status-code" -> statusCode = statusCode(w, required(kw, w, arg, "an expression"));
            case "ok-status" -> ok = status(w, arg, OK_STATUSES, "'L4OK', 'L6OK', 'L7OK' or 'L7OKC'");
            case "error-status" -> error = status(w, arg, ERROR_STATUSES, "'L4CON', 'L6RSP', 'L7RSP' or 'L7STS'");
            case "tout-status" -> tout = status(w, arg, TOUT_STATUSES, "'L4TOUT', 'L6TOUT' or 'L7TOUT'");
            default -> throw new IllegalArgumentException("not an expect option: " + w);
        }
    }

    private CheckInfoFormat info(final String w, final String text) {
        if (http && text.indexOf('%') >= 0) {
            throw new LineError("'" + kw + " " + w + "' : baton cannot evaluate the log-format expression '"
                + Messages.echo(text) + "' on an HTTP check's response; write the message as plain text");
        }
        return CheckInfoFormat.logFormat(kw + " " + w, text);
    }

    private CheckInfoFormat statusCode(final String w, final String text) {
        if (http) {
            throw new LineError("'" + kw + "' : baton cannot evaluate the sample expression of 'status-code' on an"
                + " HTTP check's response ('" + Messages.echo(text) + "'); leave it out: the check's code is the"
                + " response's status");
        }
        return CheckInfoFormat.statusCode(kw + " " + w, text);
    }

    static String required(final String kw, final String w, final String arg, final String what) {
        if (arg == null) {
            throw new LineError("'" + kw + "' : '" + w + "' expects " + what + " as argument.");
        }
        return arg;
    }

    /** HAProxy's {@code atol}: the leading integer of the text, 0 when there is none, from -1 to INT_MAX. */
    private int intArg(final String w, final String arg) {
        final String text = required(kw, w, arg, "a integer");
        int i = text.startsWith("-") || text.startsWith("+") ? 1 : 0;
        long v = 0;
        while (i < text.length() && Character.isDigit(text.charAt(i)) && v <= Integer.MAX_VALUE) {
            v = v * 10 + (text.charAt(i++) - '0');
        }
        if (text.startsWith("-")) {
            v = -v;
        }
        if (v < -1 || v > Integer.MAX_VALUE) {
            throw new LineError("'" + kw + "' : '" + w + "' expects -1 or an integer from 0 to INT_MAX.");
        }
        return (int) v;
    }

    /** A status name, upper-cased (HAProxy compares without regard to case). */
    private String status(final String w, final String arg, final List<String> allowed, final String described) {
        final String s = required(kw, w, arg, "a string").toUpperCase(Locale.ROOT);
        if (!allowed.contains(s)) {
            throw new LineError("'" + kw + "' : '" + w + "' only supports " + described + " status (got '"
                + Messages.echo(arg) + "')..");
        }
        return s;
    }
}
