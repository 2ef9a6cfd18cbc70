/**
 * Variables, HAProxy 2.6's {@code proc}, {@code sess}, {@code txn}, {@code req} and {@code res} scopes: names
 * resolved to slots at load ({@link dev.baton.sample.vars.VarNames}), typed values in preallocated per-scope storage
 * ({@link dev.baton.sample.vars.VarStore}), the view one stream has of them ({@link dev.baton.sample.vars.Vars}),
 * and the sample keywords {@code var()}, {@code set-var()}, {@code unset-var()}
 * ({@link dev.baton.sample.vars.VarSamples}).
 *
 * <p><b>Wiring another rule engine</b> (for instance {@code tcp-request content|session set-var}):
 * <ol>
 *   <li>At load, parse {@code set-var(NAME[,COND...]) EXPR} as {@code config.VarRuleParser} does: {@code VarName v =
 *       VarNames.resolve("sess.x")} (a {@code SampleException} carries HAProxy's message for a bad name),
 *       conditions with {@code VarSamples.condition("ifnotset")} OR-ed into an int, the expression with
 *       {@code SampleParser.parse(text, usesOfThatPlace)}. Or build a {@code http.rules.VarRule} and call its
 *       {@code apply(ctx, textBuffer)}: it evaluates and stores, allocation-free.</li>
 *   <li>Per client connection: {@code VarStore sess = new VarStore(VarScope.SESS)}. Per stream: one {@code Vars}
 *       (reuse it: {@code beginRequest()} clears txn/req/res), {@code vars.attach(sess)}; {@code vars.detach()} at
 *       the end. A {@code tcp} stream that is upgraded to HTTP should hand the same {@code sess} store to the HTTP
 *       session so that {@code sess.*} set by {@code tcp-request} rules stay visible (HttpSession makes its own
 *       today: pass it in).</li>
 *   <li>Make the place's {@code SampleContext} return that {@code Vars} from {@code vars()}, so that {@code var()},
 *       the converters and the rules find it (a context that returns null sees {@code proc.*} only).</li>
 *   <li>Act: {@code vars.set(v, sample, conditions)}, {@code vars.unset(v)}, {@code vars.get(v, out, scratch)}; or
 *       {@code Vars.store(ctx, scope)} for the store a context sees. Before response-side rules,
 *       {@code vars.beginResponse()} (request variables become invisible, response variables visible).</li>
 * </ol>
 * Threads: a {@code Vars} and the session and stream stores are confined to the owning reactor; the {@code proc}
 * store locks itself (one monitor for all process variables) and is written by any reactor and at load.
 */
package dev.baton.sample.vars;
