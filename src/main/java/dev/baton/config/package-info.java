/**
 * baton's configuration: an HAProxy-style file read into immutable records.
 *
 * <p>{@link dev.baton.config.ConfigLoader} is the entry point. It returns a validated
 * {@link dev.baton.config.BatonConfig} (warnings included) or throws a
 * {@link dev.baton.config.ConfigException} that lists every error of the run as {@code FILE:LINE: message},
 * sorted by file then line. The path through the package:
 * <ol>
 *   <li>{@code Tokenizer}: one line into words (quotes, escapes, {@code ${VAR}}, comments);</li>
 *   <li>{@code ConfigParser}: sections and {@code defaults} inheritance, dispatching each line to
 *       {@code GlobalSectionParser} (with {@code CpuMapParser}, {@code LogTargetParser},
 *       {@code StatsLineParser}) or
 *       {@code ProxySectionParser} (with {@code BindLineParser}, {@code ServerLineParser},
 *       {@code ProxyLogParser}); a bad line is
 *       reported and skipped;</li>
 *   <li>{@code ConfigValidator}: cross-references once every file was read.</li>
 * </ol>
 * Value syntax lives in {@code Durations}, {@code Sizes}, {@code Numbers}, {@code Addresses} and
 * {@code Names}; message wording in {@code Messages}; HAProxy keywords baton lacks in
 * {@code UnsupportedKeywords}.
 *
 * <p>Keywords implemented:
 * <ul>
 *   <li>global: {@code maxconn}, {@code nbthread}, {@code cpu-map}, {@code pidfile}, {@code log},
 *       {@code log-tag}, {@code log-send-hostname},
 *       {@code ulimit-n}, {@code tune.bufsize}, {@code hard-stop-after}, {@code daemon} (warned), {@code stats socket} (with {@code mode} and
 *       {@code level}), {@code stats timeout}, {@code stats maxconn};</li>
 *   <li>proxies: {@code mode}, {@code bind}, {@code maxconn}, {@code fullconn} (default in
 *       {@code FullconnDefaults}), {@code timeout connect|client|server|queue|tunnel|client-fin|server-fin},
 *       {@code default_backend}, {@code balance}, {@code retries}, {@code [no] option redispatch},
 *       {@code [no] option abortonclose}, {@code [no] option tcplog},
 *       {@code [no] option dontlognull|dontlog-normal|log-separate-errors} ({@link dev.baton.config.LogOptions}),
 *       {@code log-format}, {@code error-log-format}, {@code unique-id-format}, {@code unique-id-header},
 *       {@code capture request|response header}, {@code capture cookie}, {@code [no] option logasap}
 *       ({@link dev.baton.config.TrafficLogConfig}), {@code log global}, {@code log TARGET ...}, {@code no log},
 *       {@code log-tag}, {@code server},
 *       {@code default-server}; server options {@code weight}, {@code maxconn}, {@code minconn},
 *       {@code maxqueue}, {@code backup}, {@code no-backup}, {@code disabled}, {@code enabled}; the PROXY
 *       protocol: {@code bind ... accept-proxy}, server options {@code send-proxy}, {@code send-proxy-v2},
 *       {@code proxy-v2-options}, {@code check-send-proxy} ({@link dev.baton.config.SendProxy}).</li>
 *   <li>{@code mode http} ({@link dev.baton.config.HttpOptions}, rules compiled into
 *       {@code dev.baton.http.rules}): {@code [no] option http-keep-alive|http-server-close|httpclose},
 *       {@code option forwardfor}, {@code option originalto}, {@code option httplog [clf]},
 *       {@code timeout http-request|http-keep-alive},
 *       {@code http-reuse}, {@code retry-on}, {@code max-session-srv-conns}, {@code acl}, {@code use_backend},
 *       {@code http-request}, {@code http-response}, {@code errorfile}; server options {@code pool-max-conn},
 *       {@code pool-purge-delay}, {@code max-reuse}, {@code pool-low-conn}; global
 *       {@code tune.pool-low-fd-ratio}, {@code tune.pool-high-fd-ratio}, {@code tune.idle-pool.shared}
 *       ({@code IdlePoolTuningParser}, beside the global section parser).</li>
 * </ul>
 */
package dev.baton.config;
