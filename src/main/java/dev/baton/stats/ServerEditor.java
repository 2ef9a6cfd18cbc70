package dev.baton.stats;

import dev.baton.backend.Server;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The runtime API's changes to the server lists and to a server's connection identity (HAProxy 2.4+'s dynamic
 * servers): {@code add server}, {@code del server}, {@code set server ... addr} and {@code ssl}. Each completes with
 * the runtime API's answer, in HAProxy's words where it has them. They run off the reactors, one at a time and never
 * during a reload (they change what a reload also changes). Implemented by the daemon; any thread may call.
 */
public interface ServerEditor {
    /** {@code add server BACKEND/NAME ADDR [options]}: {@code words} are NAME, ADDR and the options. */
    CompletionStage<String> add(String backend, List<String> words);

    /** {@code del server BACKEND/NAME}. */
    CompletionStage<String> delete(String backend, String server);

    /** {@code set server B/S addr ADDR [port PORT]} ({@code port} null when not given). */
    CompletionStage<String> setAddress(Server server, String address, String port);

    /** {@code set server B/S ssl on|off}. */
    CompletionStage<String> setTls(Server server, boolean on);
}
