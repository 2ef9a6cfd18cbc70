package dev.baton.tcp;

import dev.baton.backend.Backend;
import dev.baton.io.Endpoint;
import dev.baton.listener.BackendChoice;
import dev.baton.listener.ConnectionView;
import dev.baton.listener.Frontend;
import dev.baton.sample.SampleContext;

/**
 * A mode tcp frontend's {@code use_backend} rules, run once per connection when the session starts, or once its
 * {@code tcp-request content} inspection is over (then the conditions and dynamic names also see the bytes received,
 * {@code req.ssl_sni} for instance), as HAProxy runs them after its content analyser. The first rule whose condition
 * holds picks the backend, else {@code default_backend}. Reactor thread; allocates a small context per connection
 * only when the frontend has rules.
 */
final class TcpSwitching {
    private TcpSwitching() {
    }

    /** The backend of a new connection {@code client} of {@code frontend} (null: none, the stream ends). */
    static Backend backendFor(final Frontend frontend, final Endpoint client) {
        if (frontend.config().http().useBackends().isEmpty()) {
            return frontend.defaultBackend();
        }
        return BackendChoice.of(frontend, new ConnectionView(frontend, client));
    }

    /** The backend of a connection whose inspected bytes {@code ctx} describes. */
    static Backend backendFor(final Frontend frontend, final SampleContext ctx) {
        return BackendChoice.of(frontend, ctx);
    }

    /**
     * The key of {@code balance hash EXPR} (and {@code rdp-cookie}) for connection {@code client} of {@code frontend}:
     * the expression on the bytes {@code inspected} holds when content rules ran (null: none), else on the
     * connection's fetches only (a request fetch finds nothing then: round robin, as HAProxy).
     */
    static long hashKey(final Frontend frontend, final Endpoint client, final SampleContext inspected,
                        final dev.baton.config.BalanceParams params) {
        return dev.baton.backend.balance.BalanceKeys.expression(params,
            inspected != null ? inspected : new ConnectionView(frontend, client));
    }
}
