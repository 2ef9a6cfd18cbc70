/**
 * The compiled HTTP rule model and its evaluator: what the configuration's {@code acl}, {@code if|unless},
 * {@code use_backend}, {@code http-request} and {@code http-response} lines become, and what an HTTP stream
 * runs per message.
 *
 * <p>The stream exposes a message head through {@link dev.baton.http.rules.MessageView} (headers and
 * connection addresses) or {@link dev.baton.http.rules.RequestView} (plus method and path), as offsets into
 * its own buffer. {@link dev.baton.http.rules.Condition#test} and
 * {@link dev.baton.http.rules.ValueTemplate#render} work on those offsets and allocate nothing; every object
 * here is built once at configuration load, immutable, and shared by all reactors.
 *
 * <p>Conditions follow HAProxy: suites of ACLs joined by {@code or}, an ACL being the OR of its
 * {@link dev.baton.http.rules.AclTerm}s (its {@code acl} lines, each with several patterns). Terms know which
 * side they read ({@link dev.baton.http.rules.AclTerm.Side}); the configuration compiles each condition for
 * the side its rule runs on, so a term never sees the other side's message.
 */
package dev.baton.http.rules;
