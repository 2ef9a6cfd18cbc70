package dev.baton.config;

/** The names of proxies, defaults sections and servers: {@code [A-Za-z0-9_.:-]+}, as in HAProxy. */
final class Names {
    static final String EXPECTED = "a name made of letters, digits and '_.:-'";

    private Names() {
    }

    static boolean isValid(final String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            final char c = name.charAt(i);
            final boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '_' || c == '.' || c == ':' || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
