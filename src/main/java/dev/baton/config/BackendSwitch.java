package dev.baton.config;

import dev.baton.http.rules.Condition;
import dev.baton.http.rules.ValueTemplate;

/**
 * {@code use_backend NAME [if|unless COND]}. A frontend tries its switches in order and sends the request to
 * the first whose condition passes, else to its {@code default_backend}. {@code backend} names an existing
 * backend or listen section of the same mode (checked at load). A name written with {@code %[...]} is
 * {@code dynamicName} (null for a fixed name; {@code backend} is then the text as written): it is rendered when the
 * rule matches, and a name that is no backend of the frontend's mode ends the rules with {@code default_backend},
 * as HAProxy does.
 */
public record BackendSwitch(String backend, Condition condition, SourceLocation where, ValueTemplate dynamicName) {
    /** A switch to a backend named in the configuration. */
    public BackendSwitch(final String backend, final Condition condition, final SourceLocation where) {
        this(backend, condition, where, null);
    }

    /** Whether the backend's name is computed per stream ({@code %[...]}). */
    public boolean dynamic() {
        return dynamicName != null;
    }
}
