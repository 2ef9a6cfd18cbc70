package dev.baton.config;

/**
 * {@code clitcpka-idle T}, {@code clitcpka-intvl T}, {@code clitcpka-cnt N} and their {@code srvtcpka-} forms:
 * the keep-alive timing of one side's sockets (TCP_KEEPIDLE, TCP_KEEPINTVL, TCP_KEEPCNT), applied where
 * {@code option clitcpka}/{@code srvtcpka} (or {@code tcpka}) turns the probes on. As HAProxy: times are in
 * seconds unless a unit says otherwise, and a keyword on the side a section lacks is ignored with a warning.
 */
final class TcpKeepAliveParser {
    static final String[] KEYWORDS = {"clitcpka-idle", "clitcpka-intvl", "clitcpka-cnt", "srvtcpka-idle",
        "srvtcpka-intvl", "srvtcpka-cnt"};

    private TcpKeepAliveParser() {
    }

    static void parse(final Directive d, final ProxyDraft p, final boolean frontSide, final boolean backSide) {
        final String kw = d.keyword();
        final boolean client = kw.startsWith("cli");
        final int value = kw.endsWith("-cnt") ? d.intArg(1, kw, 0, Integer.MAX_VALUE) : seconds(d, kw);
        d.noMoreThan(2, kw);
        if (client ? !frontSide : !backSide) {
            d.warning(Messages.ignoredOnThisSide(kw, p.section)); // HAProxy ignores it there with a warning
            return;
        }
        final int[] timing = client ? p.cliTcpKaTiming : p.srvTcpKaTiming;
        timing[kw.endsWith("-idle") ? 0 : kw.endsWith("-intvl") ? 1 : 2] = value;
    }

    /** A time in seconds: a bare number is seconds, a unit converts (rounded up to whole seconds). */
    private static int seconds(final Directive d, final String kw) {
        final String text = d.require(1, kw, "a time such as 60s");
        if (!text.isEmpty() && Numbers.leadingDigits(text) == text.length()) {
            return d.intArg(1, kw, 0, Integer.MAX_VALUE / 1000);
        }
        return (int) ((d.timeArg(1, kw) + 999) / 1000);
    }
}
