package dev.baton.log;

/**
 * Where a rule running in a stream reads the log format's {@code %} variables ({@code %ci}, {@code %b},
 * {@code %Tw}, {@code %r}...) as they stand at the moment the rule runs, as HAProxy builds a rule's log-format
 * value from the stream's log fields of that moment: before the request is forwarded the server is
 * {@code <NOSRV>} and the timers not yet reached are -1. Implemented by the sample contexts of HTTP rules;
 * reactor thread only.
 */
public interface LogFieldsSource {
    /** The stream's log fields filled as of now (a reused object), or null when the context has no stream. */
    StreamLogFields logFieldsNow();

    /** A reused, emptied builder to render a variable into; not the one {@link #logFieldsNow} may use. */
    StringBuilder logScratch();
}
