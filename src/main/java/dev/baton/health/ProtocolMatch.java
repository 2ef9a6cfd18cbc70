package dev.baton.health;

import dev.baton.backend.CheckStatus;
import dev.baton.config.CheckRule;
import dev.baton.config.CheckRuleset;

import java.nio.charset.StandardCharsets;

/**
 * The custom expectations of HAProxy 2.6's protocol checks: a MySQL packet (the server's handshake, then the
 * answer to the login) and an LDAPv3 bind response. A MySQL error packet is L7STS with the error number as code
 * and the message as info; a truncated answer (at the end of the stream) is L7RSP; a bind response with a
 * non-zero result code is L7STS with that code. Stateless; reactor thread.
 */
final class ProtocolMatch {
    static final String NOT_LDAP = "Not LDAPv3 protocol";
    static final String LDAP_RFC = "See RFC: http://tools.ietf.org/html/rfc4511#section-4.1.9";

    private ProtocolMatch() {
    }

    static StepResult eval(final CheckRuleset set, final CheckRule.Expect rule, final int step, final byte[] buf,
                           final int len, final boolean lastRead, final StepResult.Verdict out) {
        final boolean last = lastRead || len == buf.length;
        return switch (rule.match()) {
            case MYSQL_HANDSHAKE -> mysql(set, rule, step, 0, buf, len, last, out);
            case MYSQL_OK -> mysql(set, rule, step, 4 + u24(buf, len, 0), buf, len, last, out);
            case LDAP_BIND -> ldap(set, rule, step, buf, len, last, out);
            default -> throw new IllegalArgumentException("not a protocol match: " + rule.match());
        };
    }

    /** The MySQL packet at {@code offset}: 3 bytes of length, a sequence id, then the payload. */
    private static StepResult mysql(final CheckRuleset set, final CheckRule.Expect rule, final int step,
                                    final int offset, final byte[] buf, final int len, final boolean last,
                                    final StepResult.Verdict out) {
        if (len < offset + 4) {
            return last ? ContentMatch.fail(set, rule, step, false, null, buf, len, out) : StepResult.WAIT;
        }
        final int plen = u24(buf, len, offset);
        if (len < offset + plen + 4) {
            return last ? ContentMatch.fail(set, rule, step, false, null, buf, len, out) : StepResult.WAIT;
        }
        if ((buf[offset + 4] & 0xff) == 0xff) {
            out.code = at(buf, len, offset + 5) | at(buf, len, offset + 6) << 8;
            final String message = cString(buf, offset + 7, len);
            final StepResult r = ContentMatch.fail(set, rule, step, false, message, buf, len, out);
            out.status = CheckStatus.L7STS;
            return r;
        }
        return StepResult.CONTINUE;
    }

    /** An LDAPMessage holding a bindResponse whose resultCode must be 0. */
    private static StepResult ldap(final CheckRuleset set, final CheckRule.Expect rule, final int step,
                                   final byte[] buf, final int len, final boolean last, final StepResult.Verdict out) {
        int p = 1;
        int nbytes = 0;
        final int msglen;
        if ((at(buf, len, p) & 0x80) != 0) {
            nbytes = at(buf, len, p) & 0x7f;
            if (len < 1 + nbytes) {
                return tooShort(set, rule, step, buf, len, last, out);
            }
            if (nbytes == 4) {
                msglen = at(buf, len, p + 1) << 24 | at(buf, len, p + 2) << 16 | at(buf, len, p + 3) << 8
                    | at(buf, len, p + 4);
            } else if (nbytes == 2) {
                msglen = at(buf, len, p + 1) << 8 | at(buf, len, p + 2);
            } else {
                return ContentMatch.fail(set, rule, step, false, NOT_LDAP, buf, len, out);
            }
        } else {
            msglen = at(buf, len, p);
        }
        p += 1 + nbytes;
        if (len < 2 + nbytes + msglen) {
            return tooShort(set, rule, step, buf, len, last, out);
        }
        if (at(buf, len, p) != 0x02 || at(buf, len, p + 1) != 0x01 || at(buf, len, p + 2) != 0x01
            || at(buf, len, p + 3) != 0x61) {
            return ContentMatch.fail(set, rule, step, false, NOT_LDAP, buf, len, out);
        }
        p += 4;
        p += 1 + ((at(buf, len, p) & 0x80) != 0 ? at(buf, len, p) & 0x7f : 0);
        if (at(buf, len, p) != 0x0a || at(buf, len, p + 1) != 0x01) {
            return ContentMatch.fail(set, rule, step, false, NOT_LDAP, buf, len, out);
        }
        final int code = at(buf, len, p + 2);
        if (code != 0) {
            out.code = code;
            final StepResult r = ContentMatch.fail(set, rule, step, false, LDAP_RFC, buf, len, out);
            out.status = CheckStatus.L7STS;
            return r;
        }
        return StepResult.CONTINUE;
    }

    private static StepResult tooShort(final CheckRuleset set, final CheckRule.Expect rule, final int step,
                                       final byte[] buf, final int len, final boolean last,
                                       final StepResult.Verdict out) {
        return last ? ContentMatch.fail(set, rule, step, false, null, buf, len, out) : StepResult.WAIT;
    }

    /** The byte at {@code i} as unsigned, 0 past what was read. */
    private static int at(final byte[] buf, final int len, final int i) {
        return i < len ? buf[i] & 0xff : 0;
    }

    private static int u24(final byte[] buf, final int len, final int i) {
        return at(buf, len, i) | at(buf, len, i + 1) << 8 | at(buf, len, i + 2) << 16;
    }

    /** The text from {@code from} to the first NUL or {@code len}. */
    private static String cString(final byte[] buf, final int from, final int len) {
        int end = from;
        while (end < len && buf[end] != 0) {
            end++;
        }
        return from >= len ? "" : new String(buf, from, end - from, StandardCharsets.ISO_8859_1);
    }
}
