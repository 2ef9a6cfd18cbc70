package dev.baton.http.rules;

/**
 * One {@code http-request} or {@code http-response} rule: an action and the {@link Condition} under which it
 * runs. A stream evaluates its rule list in order, by index (no iterator):
 * <pre>{@code
 * for (int i = 0; i < rules.size(); i++) {
 *     final HttpRule rule = rules.get(i);
 *     if (rule.condition().test(view)) {
 *         switch (rule.kind()) { ... }      // cast to the record of that kind
 *         if (rule.kind().isFinal()) break; // allow, deny, tarpit, redirect, return, use-service, auth end it
 *     }
 * }
 * }</pre>
 * Header rules apply at once, so a later rule sees the header a previous one set, as in HAProxy.
 */
public sealed interface HttpRule permits HeaderRule, AllowRule, DenyRule, RedirectRule, ReturnRule, ServiceRule,
    PriorityRule, AuthRule, VarRule, StatusRule, RequestLineRule, ReplaceHeaderRule, HeaderMatchDeleteRule,
    LogLevelRule, CaptureRule, TimeoutRule, StickRule, AddressRule, EarlyHintRule, NormalizeUriRule, BodyWaitRule,
    DropRule, SocketMarkRule, PatternUpdateRule, StrictModeRule, CacheRule {
    /** The action, one per record type. */
    enum Kind {
        /** {@link HeaderRule}: remove every line of the header, then add it with the value. */
        SET_HEADER,
        /** {@link HeaderRule}: append a line with the value. */
        ADD_HEADER,
        /** {@link HeaderRule}: remove every line of the header. */
        DEL_HEADER,
        /** {@link AllowRule}: stop evaluating the list and let the message go on. */
        ALLOW,
        /** {@link DenyRule}: answer the error for its status and stop the request. */
        DENY,
        /** {@link RedirectRule}. */
        REDIRECT,
        /** {@link ReturnRule}: answer with a configured response. */
        RETURN,
        /** {@link ServiceRule}: answer from a service built into baton. */
        USE_SERVICE,
        /** {@link PriorityRule}: the request's priority class in a queue. */
        SET_PRIORITY_CLASS,
        /** {@link PriorityRule}: the request's priority offset (ms) in a queue. */
        SET_PRIORITY_OFFSET,
        /** {@link AuthRule}: answer 401 asking for Basic credentials. */
        AUTH,
        /** {@link VarRule}: store a sample expression's value in a variable. */
        SET_VAR,
        /** {@link VarRule}: store a log-format string in a variable. */
        SET_VAR_FMT,
        /** {@link VarRule}: remove a variable's value. */
        UNSET_VAR,
        /** {@link StatusRule}: change the response's status (and reason). */
        SET_STATUS,
        /** {@link RequestLineRule}: the method becomes the format. */
        SET_METHOD,
        /** {@link RequestLineRule}: the path (query kept) becomes the format. */
        SET_PATH,
        /** {@link RequestLineRule}: the path and query become the format. */
        SET_PATHQ,
        /** {@link RequestLineRule}: the query string becomes the format. */
        SET_QUERY,
        /** {@link RequestLineRule}: the whole request target becomes the format. */
        SET_URI,
        /** {@link RequestLineRule}: a regex replacement of the path. */
        REPLACE_PATH,
        /** {@link RequestLineRule}: a regex replacement of the path and query. */
        REPLACE_PATHQ,
        /** {@link RequestLineRule}: a regex replacement of the request target. */
        REPLACE_URI,
        /** {@link ReplaceHeaderRule}: a regex replacement of whole header values. */
        REPLACE_HEADER,
        /** {@link ReplaceHeaderRule}: a regex replacement of comma-separated header values. */
        REPLACE_VALUE,
        /** {@link HeaderMatchDeleteRule}: remove the headers whose name matches. */
        DEL_HEADER_MATCHING,
        /** {@link LogLevelRule}: the severity of the request's log line, or none. */
        SET_LOG_LEVEL,
        /** {@link DenyRule} with {@code tarpit}: hold the request for {@code timeout tarpit}, then answer the error. */
        TARPIT,
        /** {@link CaptureRule}: keep a sample's value in a capture slot for the log. */
        CAPTURE,
        /** {@link TimeoutRule}: the request's server or tunnel timeout. */
        SET_TIMEOUT,
        /** {@link StickRule}: track a stick table entry in a counter slot. */
        TRACK_SC,
        /** {@link StickRule}: increment gpc0 or gpc1 of a tracked entry. */
        SC_INC_GPC,
        /** {@link StickRule}: set gpt0 of a tracked entry. */
        SC_SET_GPT,
        /** {@link AddressRule}: the client address the stream shows. */
        SET_SRC,
        /** {@link AddressRule}: the client port the stream shows. */
        SET_SRC_PORT,
        /** {@link AddressRule}: the local address the stream shows. */
        SET_DST,
        /** {@link AddressRule}: the local port the stream shows. */
        SET_DST_PORT,
        /** {@link EarlyHintRule}: a header line of a 103 Early Hints response sent before the final one. */
        EARLY_HINT,
        /** {@link NormalizeUriRule}: one of HAProxy's URI normalizers on the request target. */
        NORMALIZE_URI,
        /** {@link BodyWaitRule}: the rules wait for the message body (decided before they run). */
        WAIT_FOR_BODY,
        /** {@link DropRule}: close the client connection with no response. */
        REJECT,
        /** {@link DropRule}: drop the client connection without telling the client. */
        SILENT_DROP,
        /** {@link SocketMarkRule}: the TOS byte of the packets to the client. */
        SET_TOS,
        /** {@link SocketMarkRule}: the netfilter mark of the packets to the client. */
        SET_MARK,
        /** {@link PatternUpdateRule}: set (or add) a map entry. */
        SET_MAP,
        /** {@link PatternUpdateRule}: remove a map's entries of a key. */
        DEL_MAP,
        /** {@link PatternUpdateRule}: add a pattern to a pattern file's list when absent. */
        ADD_ACL,
        /** {@link PatternUpdateRule}: remove a pattern from a pattern file's list. */
        DEL_ACL,
        /** {@link StrictModeRule}: whether a failed rewrite ends the list with an error or is skipped. */
        STRICT_MODE,
        /** {@link CacheRule}: look the request up in a cache (and key it for storing). */
        CACHE_USE,
        /** {@link CacheRule}: store the response in a cache. */
        CACHE_STORE;

        /** Whether a matching rule of this kind ends the evaluation of its list. */
        public boolean isFinal() {
            return this == ALLOW || this == DENY || this == REDIRECT || this == RETURN || this == USE_SERVICE
                || this == AUTH || this == TARPIT || this == REJECT || this == SILENT_DROP;
        }
    }

    Kind kind();

    Condition condition();
}
