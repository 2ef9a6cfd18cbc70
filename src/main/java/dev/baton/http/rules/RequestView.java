package dev.baton.http.rules;

/**
 * A request head as rules see it: its headers and connection ({@link MessageView}) plus the method and
 * the path. Offsets index {@link #buffer()}.
 */
public interface RequestView extends MessageView {
    /** Where the method token starts. */
    @Override
    int methodStart();

    @Override
    int methodLength();

    /**
     * Where the path starts: HAProxy's {@code path}, from the first slash of the request target (after any
     * scheme and authority) to before the {@code ?} or the end. Meaningless when {@link #pathLength()} is 0.
     */
    @Override
    int pathStart();

    /**
     * The path's length; 0 when the target has no path (such as {@code *} or an authority): path criteria
     * then find no sample and do not match, as in HAProxy.
     */
    @Override
    int pathLength();
}
