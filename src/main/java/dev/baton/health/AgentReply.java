package dev.baton.health;

import dev.baton.backend.CheckStatus;
import dev.baton.backend.Server;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One agent-check reply, as HAProxy 2.6's agent protocol defines it: a single line, ended by the first CR or LF,
 * of words separated by spaces, tabs or commas, in any order (of several words of one kind the last wins):
 * <ul>
 *   <li>a health word, {@code up}, {@code down}, {@code stopped} or {@code fail};</li>
 *   <li>an administrative word, {@code ready}, {@code drain} or {@code maint};</li>
 *   <li>a weight, a word starting with a digit and holding a {@code %} ({@code 75%}), relative to the weight
 *       configured;</li>
 *   <li>{@code maxconn:N}, the server's new connection limit;</li>
 *   <li>after a {@code #}, a free description, used only with a health word.</li>
 * </ul>
 * Words are matched ignoring case; the first unknown word is reported. {@link #parse} reads a reply,
 * {@link #apply} acts on the server (administrative state first, then weight and maxconn) and returns what the
 * check reports: {@link CheckStatus#L7OK} for "up", {@link CheckStatus#L7STS} for "down", "stopped" and "fail",
 * else {@link CheckStatus#CHECKED}, with HAProxy's description ({@code via agent : down (reason)},
 * {@code agent reports an error : WORD}, {@code agent warns : MESSAGE}). Immutable; {@link #apply} runs on the
 * agent check's reactor.
 *
 * @param health      the health word as written, or null
 * @param admin       the administrative word as written, or null
 * @param weight      the weight word, or null
 * @param maxconn     the value after {@code maxconn:}, or null
 * @param error       the first word not understood, or null
 * @param description the text after {@code #}, leading blanks skipped; "" when none
 */
public record AgentReply(String health, String admin, String weight, String maxconn, String error,
                         String description) {
    /** HAProxy's description when the agent closed without ending its line. */
    public static final String INCOMPLETE = "Ignoring incomplete line from agent";

    /**
     * The reply in {@code buf[0, len)}: null when no line end (CR, LF or NUL) has come yet, or, with {@code eof},
     * {@link #incomplete()} to say the agent closed on a partial line.
     */
    public static AgentReply parse(final byte[] buf, final int len, final boolean eof) {
        int end = 0;
        while (end < len && buf[end] != '\n' && buf[end] != '\r' && buf[end] != 0) {
            end++;
        }
        if (end == len) {
            return eof ? INCOMPLETE_REPLY : null;
        }
        return parse(new String(buf, 0, end, StandardCharsets.ISO_8859_1));
    }

    /** The words of one line (without its end). */
    public static AgentReply parse(final String line) {
        String health = null;
        String admin = null;
        String weight = null;
        String maxconn = null;
        String error = null;
        String description = "";
        int i = 0;
        final int n = line.length();
        while (i < n) {
            final char c = line.charAt(i);
            if (c == ' ' || c == '\t' || c == ',') {
                i++;
                continue;
            }
            if (c == '#') {
                i++;
                while (i < n && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
                    i++;
                }
                description = line.substring(i);
                break;
            }
            int j = i + 1;
            while (j < n && line.charAt(j) != ' ' && line.charAt(j) != '\t' && line.charAt(j) != ',') {
                j++;
            }
            final String word = line.substring(i, j);
            switch (word.toLowerCase(Locale.ROOT)) {
                case "up":
                case "down":
                case "stopped":
                case "fail":
                    health = word;
                    break;
                case "ready":
                case "drain":
                case "maint":
                    admin = word;
                    break;
                default:
                    if (Character.isDigit(c) && word.indexOf('%') >= 0) {
                        weight = word;
                    } else if (word.regionMatches(true, 0, "maxconn:", 0, 8)) {
                        maxconn = word.substring(8);
                    } else if (error == null) {
                        error = word;
                    }
                    break;
            }
            i = j;
        }
        return new AgentReply(health, admin, weight, maxconn, error, description);
    }

    private static final AgentReply INCOMPLETE_REPLY = new AgentReply(null, null, null, null, null, null);

    /** True for the reply of an agent that closed before ending its line. */
    public boolean incomplete() {
        return description == null;
    }

    /** What the check reports after applying a reply: its status and description (null: none). */
    public record Outcome(CheckStatus status, String description) {
    }

    /**
     * Acts on {@code server} as HAProxy does, in its order: the administrative word ({@code drain}, {@code maint}
     * and {@code ready}, as {@code set server ... state} would), then the weight, then maxconn; returns the
     * check's outcome. Not for an {@link #incomplete()} reply. The agent check's reactor.
     */
    public Outcome apply(final Server server) {
        if (admin != null) {
            final String a = admin.toLowerCase(Locale.ROOT);
            server.adminState(a.equals("drain") ? Server.AdminState.DRAIN
                : a.equals("maint") ? Server.AdminState.MAINT : Server.AdminState.READY);
        }
        String warning = null;
        if (weight != null) {
            warning = changeWeight(server, weight);
        }
        if (maxconn != null) {
            final String m = changeMaxconn(server, maxconn);
            if (warning == null) {
                warning = m;
            }
        }
        if (health != null) {
            final boolean up = health.equalsIgnoreCase("up");
            String msg = description;
            if (msg.isEmpty() || up) {
                if (error != null) {
                    msg = error;
                } else if (warning != null) {
                    msg = warning;
                }
            }
            return new Outcome(up ? CheckStatus.L7OK : CheckStatus.L7STS,
                "via agent : " + health + (msg.isEmpty() ? "" : " (" + msg + ")"));
        }
        if (error != null) {
            return new Outcome(CheckStatus.CHECKED, "agent reports an error : " + error);
        }
        if (warning != null) {
            return new Outcome(CheckStatus.CHECKED, "agent warns : " + warning);
        }
        return new Outcome(CheckStatus.CHECKED, null);
    }

    /**
     * HAProxy's weight change request ({@code N%} relative to the configured weight, capped at 256; a word that
     * is not exactly {@code N%} is read as an absolute weight); returns its complaint, or null once applied.
     */
    static String changeWeight(final Server server, final String text) {
        final Prefix p = Prefix.of(text);
        if (p.digits == 0) {
            return "Empty weight string empty or preceded by garbage";
        }
        long w = p.value;
        if (p.rest.equals("%")) {
            if (w < 0) {
                return "Relative weight must be positive.";
            }
            w = Math.min(w, 25_600) * server.initialWeight() / 100;
            w = Math.min(w, 256);
        } else if (w < 0 || w > 256) {
            return "Absolute weight can only be between 0 and 256 inclusive.";
        } else if (!p.rest.isEmpty()) {
            return "Trailing garbage in weight string";
        }
        if (w != 0 && w != server.initialWeight()
            && server.backend().config().extras().balanceParams().isStatic(server.backend().config().balance())) {
            return "Backend is using a static LB algorithm and only accepts weights '0%' and '100%'.";
        }
        server.weight((int) w);
        return null;
    }

    /** HAProxy's maxconn change request; returns its complaint, or null once applied. */
    static String changeMaxconn(final Server server, final String text) {
        if (text.isEmpty()) {
            return "Require <maxconn>.";
        }
        final Prefix p = Prefix.of(text);
        if (p.digits == 0) {
            return "maxconn string empty or preceded by garbage";
        }
        if (!p.rest.isEmpty()) {
            return "Trailing garbage in maxconn string";
        }
        server.maxconn((int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, p.value)));
        return null;
    }

    /** A leading decimal integer as {@code strtol} reads it (blanks, sign, digits; saturated) and what follows. */
    private record Prefix(long value, int digits, String rest) {
        static Prefix of(final String s) {
            int i = 0;
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
            boolean negative = false;
            if (i < s.length() && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
                negative = s.charAt(i) == '-';
                i++;
            }
            long v = 0;
            int digits = 0;
            while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                v = Math.min(v * 10 + (s.charAt(i) - '0'), Long.MAX_VALUE / 20);
                digits++;
                i++;
            }
            return new Prefix(negative ? -v : v, digits, digits == 0 ? s : s.substring(i));
        }
    }
}
