package dev.baton.log;

/**
 * HAProxy 2.6's own definitions of its built-in log lines, as the custom log-format strings its manual gives
 * (sections 8.2.2 and 8.2.3), compiled once: {@code option tcplog}, {@code option httplog},
 * and {@code option httplog clf}.
 */
public final class BuiltinLogFormats {
    public static final String TCPLOG_TEXT = "%ci:%cp [%t] %ft %b/%s %Tw/%Tc/%Tt %B %ts %ac/%fc/%bc/%sc/%rc %sq/%bq";
    public static final String HTTPLOG_TEXT = "%ci:%cp [%tr] %ft %b/%s %TR/%Tw/%Tc/%Tr/%Ta %ST %B %CC %CS %tsc "
        + "%ac/%fc/%bc/%sc/%rc %sq/%bq %hr %hs %{+Q}r";
    public static final String CLF_TEXT = "%{+Q}o %{-Q}ci - - [%trg] %r %ST %B \"\" \"\" %cp %ms %ft %b %s %TR %Tw "
        + "%Tc %Tr %Ta %tsc %ac %fc %bc %sc %rc %sq %bq %CC %CS %hrl %hsl";

    public static final LogFormat TCPLOG = LogFormatParser.parse(TCPLOG_TEXT, false, LogFormatParser.LOG_LINE);
    public static final LogFormat HTTPLOG = LogFormatParser.parse(HTTPLOG_TEXT, true, LogFormatParser.LOG_LINE);
    public static final LogFormat CLF = LogFormatParser.parse(CLF_TEXT, true, LogFormatParser.LOG_LINE);

    private BuiltinLogFormats() {
    }
}
