package dev.baton.sys;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs an action on SIGTERM, SIGINT and SIGUSR1 (HAProxy's soft-stop signal) instead of letting the JVM exit
 * at once, so that the daemon can stop gracefully and exit 0. Uses {@code sun.misc.Signal} (module jdk.unsupported) through reflection:
 * referring to it directly would be a compile warning, which the build treats as an error.
 */
public final class SignalTrap {
    private SignalTrap() {
    }

    /** Installs {@code action} for TERM, INT and USR1; the action runs on the JVM's signal thread. */
    public static void onTermination(final Runnable action) {
        if (trap(action, "TERM", "INT", "USR1") == null) {
            // Without the trap the JVM still stops on these signals, only without the graceful part.
            Runtime.getRuntime().addShutdownHook(new Thread(action, "baton-shutdown"));
        }
    }

    /**
     * Installs {@code action} for USR2 and HUP, HAProxy's reload signals (its master reloads on both): the action
     * runs on the JVM's signal thread and must hand the work over. Returns the signals that stay ignored (empty
     * normally; HUP when the process started with it ignored, as under {@code nohup}: the JVM never takes over a
     * shutdown signal that was ignored at its start), or null when the JVM offers no trap.
     */
    public static List<String> onReload(final Runnable action) {
        return trap(action, "USR2", "HUP");
    }

    /** The names among {@code names} whose signal was ignored before, and still is; null when nothing was trapped. */
    private static List<String> trap(final Runnable action, final String... names) {
        try {
            final Class<?> signalClass = Class.forName("sun.misc.Signal");
            final Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
            final InvocationHandler invocation = (final Object proxy, final Method method, final Object[] args) -> {
                if ("handle".equals(method.getName())) {
                    action.run();
                    return null;
                }
                if ("toString".equals(method.getName())) {
                    return "baton-signal-handler";
                }
                if ("hashCode".equals(method.getName())) {
                    return System.identityHashCode(proxy);
                }
                if ("equals".equals(method.getName())) {
                    return proxy == args[0];
                }
                return null;
            };
            final Object handler = Proxy.newProxyInstance(SignalTrap.class.getClassLoader(),
                new Class<?>[] {handlerClass}, invocation);
            final Method handle = signalClass.getMethod("handle", signalClass, handlerClass);
            final Object ignore = handlerClass.getField("SIG_IGN").get(null);
            final List<String> ignored = new ArrayList<>();
            for (final String name : names) {
                final Object signal = signalClass.getConstructor(String.class).newInstance(name);
                if (handle.invoke(null, signal, handler) == ignore) {
                    ignored.add(name);
                }
            }
            return ignored;
        } catch (final ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
