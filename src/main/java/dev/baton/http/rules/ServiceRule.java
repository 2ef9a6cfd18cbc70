package dev.baton.http.rules;

/**
 * {@code http-request use-service NAME}: the request is answered by a service built into baton, without a
 * server. The one service is HAProxy's {@code prometheus-exporter}.
 */
public record ServiceRule(Service service, Condition condition) implements HttpRule {
    /** The services {@code use-service} may name. */
    public enum Service {
        /** The Prometheus exposition of baton's statistics. */
        PROMETHEUS_EXPORTER("prometheus-exporter");

        private final String keyword;

        Service(final String keyword) {
            this.keyword = keyword;
        }

        /** The name written in the configuration. */
        public String keyword() {
            return keyword;
        }

        /** The service named {@code keyword}, or null. */
        public static Service of(final String keyword) {
            for (final Service s : values()) {
                if (s.keyword.equals(keyword)) {
                    return s;
                }
            }
            return null;
        }
    }

    @Override
    public Kind kind() {
        return Kind.USE_SERVICE;
    }
}
