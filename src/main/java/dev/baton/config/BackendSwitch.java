package dev.baton.config;

import dev.baton.http.rules.Condition;

/**
 * {@code use_backend NAME [if|unless COND]}. A frontend tries its switches in order and sends the request to
 * the first whose condition passes, else to its {@code default_backend}. {@code backend} names an existing
 * backend or listen section of the same mode (checked at load).
 */
public record BackendSwitch(String backend, Condition condition, SourceLocation where) {
}
