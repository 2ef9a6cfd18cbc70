package dev.baton;

import dev.baton.config.BatonConfig;
import dev.baton.config.ConfigError;
import dev.baton.config.ConfigException;
import dev.baton.config.ConfigLoader;
import dev.baton.stats.Reloader;
import org.tinylog.Logger;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A reload in place (docs/reload.md), whoever asks: {@code SIGUSR2}, {@code SIGHUP} or the runtime API's
 * {@code reload}. Each runs on the one thread {@code baton-reload}, so reloads never overlap and neither the
 * signal thread nor reactor 0 ever waits: the files are read and checked fully as {@code baton -c} does
 * ({@link ConfigLoader}, then addresses, certificates and binds by the {@link GenerationBuilder}); an invalid
 * file changes nothing, its errors are logged as {@code FILE:LINE: message} and answered; a valid one switches
 * ({@link Daemon#reload}). Under {@code -Ws}, systemd hears {@code RELOADING=1} with {@code MONOTONIC_USEC} before
 * and {@code READY=1} after, with a {@code STATUS=} line saying how it went.
 */
final class Reload implements Reloader {
    private final Daemon daemon;
    private final List<Path> files;
    private final Map<String, String> env;
    private final String localPeer;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        final Thread t = new Thread(r, "baton-reload");
        t.setDaemon(true);
        return t;
    });
    private final AtomicInteger reloads = new AtomicInteger();
    private volatile long lastReloadEpochMs;
    /** The systemd notifications under {@code -Ws}; null otherwise. */
    private volatile SystemdSupervision systemd;

    Reload(final Daemon daemon, final List<Path> files, final Map<String, String> env) {
        this(daemon, files, env, null);
    }

    /** {@code localPeer}: the name {@code -L} gave (kept for every reload), or null for the host name. */
    Reload(final Daemon daemon, final List<Path> files, final Map<String, String> env, final String localPeer) {
        this.daemon = daemon;
        this.files = List.copyOf(files);
        this.env = Map.copyOf(env);
        this.localPeer = localPeer;
    }

    /** Tells {@code s} about each reload from now on. */
    void systemd(final SystemdSupervision s) {
        this.systemd = s;
    }

    @Override
    public CompletionStage<String> reload(final String trigger) {
        return CompletableFuture.supplyAsync(() -> run(trigger), thread);
    }

    @Override
    public int reloads() {
        return reloads.get();
    }

    @Override
    public long lastReloadEpochMs() {
        return lastReloadEpochMs;
    }

    /** Stops the reload thread (the process stops); a reload under way finishes. */
    void close() {
        thread.shutdown();
    }

    /** One reload: the answer the runtime API gives ({@code Success=1|0}, {@code --}, then a line each). */
    String run(final String trigger) {
        Logger.info("reload requested ({}): reading {}", trigger, files);
        final SystemdSupervision s = systemd;
        if (s != null) {
            s.reloading();
        }
        final List<String> errors = new ArrayList<>();
        List<String> changes = List.of();
        try {
            final BatonConfig config = ConfigLoader.load(files, env, localPeer);
            for (final ConfigError w : config.warnings()) {
                Logger.warn("reload: {}", w);
            }
            if (!Baton.hasListener(config)) {
                errors.add(Baton.NO_LISTENER);
            } else {
                changes = daemon.reload(config);
            }
        } catch (final ConfigException e) {
            for (final ConfigError error : e.errors()) {
                errors.add(error.toString());
            }
        } catch (final StartupException e) {
            errors.addAll(e.problems());
        } catch (final RuntimeException e) {
            Logger.error(e, "reload failed");
            errors.add("reload failed: " + e);
        }
        final StringBuilder answer = new StringBuilder();
        if (errors.isEmpty()) {
            final int n = reloads.incrementAndGet();
            lastReloadEpochMs = System.currentTimeMillis();
            Logger.info("reload #{} done: {} change(s)", n, changes.size());
            for (final String c : changes) {
                Logger.info("reload: {}", c);
            }
            answer.append("Success=1\n--\n");
            for (final String c : changes) {
                answer.append(c).append('\n');
            }
            if (s != null) {
                s.ready("reloaded (" + n + " reload(s)), serving");
            }
        } else {
            for (final String e : errors) {
                Logger.error("reload: {}", e);
            }
            Logger.error("reload refused: {} error(s); the running configuration stays", errors.size());
            answer.append("Success=0\n--\n");
            for (final String e : errors) {
                answer.append(e).append('\n');
            }
            answer.append("Configuration file has ").append(errors.size())
                .append(" error(s); the running configuration stays\n");
            if (s != null) {
                s.ready("reload failed: " + errors.size() + " error(s); the running configuration stays");
            }
        }
        return answer.toString();
    }
}
