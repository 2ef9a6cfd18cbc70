package dev.baton.config;

import java.util.ArrayList;
import java.util.List;

/**
 * The proxy keyword {@code cookie} (see {@link CookieConfig}), checked as HAProxy 2.6's {@code cfgparse-listen.c}
 * checks it: one mode at most, {@code rewrite} without {@code indirect}, {@code preserve} with {@code insert} or
 * {@code indirect}, a domain without a dot warned about, {@code attr} without {@code ;} or control characters, times
 * in seconds by default. {@code dynamic}: servers without {@code cookie VALUE} get one derived from
 * {@code dynamic-cookie-key}. Stateless.
 */
final class CookieParser {
    static final String EXPECTED_OPTION = "rewrite, insert, prefix, indirect, nocache, postonly, preserve, httponly, "
        + "secure, domain, maxidle, maxlife or attr";
    private static final long MAX_S = Integer.MAX_VALUE;

    private CookieParser() {
    }

    static void cookie(final Directive d, final ProxyDraft p) {
        p.http.httpOnly("cookie", d);
        final String name = d.require(1, "cookie", "a cookie name such as SERVERID");
        CookieConfig.Mode mode = CookieConfig.Mode.PASSIVE;
        boolean rewrite = false;
        boolean insert = false;
        boolean prefix = false;
        boolean indirect = false;
        boolean nocache = false;
        boolean postonly = false;
        boolean preserve = false;
        boolean httponly = false;
        boolean secure = false;
        boolean dynamic = false;
        final List<String> domains = new ArrayList<>();
        final List<String> attrs = new ArrayList<>();
        long maxidle = 0;
        long maxlife = 0;
        for (int i = 2; d.has(i); i++) {
            final String w = d.word(i);
            switch (w) {
                case "rewrite": rewrite = true; mode = CookieConfig.Mode.REWRITE; break;
                case "insert": insert = true; mode = CookieConfig.Mode.INSERT; break;
                case "prefix": prefix = true; mode = CookieConfig.Mode.PREFIX; break;
                case "indirect": indirect = true; break;
                case "nocache": nocache = true; break;
                case "postonly": postonly = true; break;
                case "preserve": preserve = true; break;
                case "httponly": httponly = true; break;
                case "secure": secure = true; break;
                case "domain": {
                    final String domain = d.require(++i, "domain", "a domain such as .example.com");
                    if (domain.indexOf('.') < 0) {
                        d.warning("domain '" + Messages.echo(domain) + "' contains no embedded dot, this "
                            + "configuration may not work properly (see RFC6265#5.2.3)");
                    }
                    for (int c = 0; c < domain.length(); c++) {
                        final char ch = domain.charAt(c);
                        if (!(Character.isLetterOrDigit(ch) && ch < 128) && ch != '.' && ch != '-' && ch != '_') {
                            throw new LineError("character '" + ch + "' is not permitted in domain name '"
                                + Messages.echo(domain) + "'");
                        }
                    }
                    domains.add(domain);
                    break;
                }
                case "maxidle":
                case "maxlife": {
                    final long s = seconds(d.require(++i, w, "a time in seconds such as 30m"), w);
                    if (w.equals("maxidle")) {
                        maxidle = s;
                    } else {
                        maxlife = s;
                    }
                    break;
                }
                case "attr": {
                    final String attr = d.require(++i, "attr", "a cookie attribute such as SameSite=Strict");
                    for (int c = 0; c < attr.length(); c++) {
                        if (attr.charAt(c) < 0x20 || attr.charAt(c) == 0x7f || attr.charAt(c) == ';') {
                            throw new LineError(String.format("character '%%x%02X' is not permitted in attribute value",
                                (int) attr.charAt(c)));
                        }
                    }
                    attrs.add(attr);
                    break;
                }
                case "dynamic": dynamic = true; break;
                default:
                    throw new LineError(Messages.badValue("cookie", EXPECTED_OPTION, w));
            }
        }
        if (rewrite && indirect) {
            throw new LineError("cookie 'rewrite' and 'indirect' modes are incompatible");
        }
        if ((rewrite ? 1 : 0) + (insert ? 1 : 0) + (prefix ? 1 : 0) > 1) {
            throw new LineError("cookie 'rewrite', 'insert' and 'prefix' modes are incompatible");
        }
        if (preserve && !insert && !indirect) {
            throw new LineError("cookie 'preserve' requires at least 'insert' or 'indirect'");
        }
        p.http.cookie = new CookieConfig(name, mode, indirect, nocache, postonly, preserve, httponly, secure,
            domains.isEmpty() ? null : String.join("; domain=", domains), maxidle, maxlife,
            attrs.isEmpty() ? null : String.join("; ", attrs), dynamic, null);
    }

    /** {@code dynamic-cookie-key KEY} (defaults, backend, listen): the secret of the servers' dynamic cookies. */
    static void dynamicKey(final Directive d, final ProxyDraft p) {
        p.http.dynamicCookieKey = d.require(1, "dynamic-cookie-key", "a secret key");
        d.noMoreThan(2, "dynamic-cookie-key");
    }

    /** A HAProxy time whose default unit is the second, in seconds (HAProxy's TIME_UNIT_S). */
    static long seconds(final String text, final String kw) {
        int digits = 0;
        while (digits < text.length() && Character.isDigit(text.charAt(digits))) {
            digits++;
        }
        if (digits == 0 || digits > 12) {
            throw new LineError(Messages.badValue(kw, "a time such as 30m (seconds by default)", text));
        }
        final long n = Long.parseLong(text.substring(0, digits));
        final long s;
        switch (text.substring(digits)) {
            case "":
            case "s":
                s = n;
                break;
            case "m":
                s = n * 60;
                break;
            case "h":
                s = n * 3600;
                break;
            case "d":
                s = n * 86400;
                break;
            case "ms":
                s = (n + 999) / 1000;
                break;
            case "us":
                s = (n + 999_999) / 1_000_000;
                break;
            default:
                throw new LineError(Messages.badValue(kw, "a time such as 30m (seconds by default)", text));
        }
        if (s > MAX_S) {
            throw new LineError("timer overflow in argument <" + Messages.echo(text) + "> to <" + kw
                + ">, maximum value is 2147483647 s (~68 years)");
        }
        return s;
    }
}
