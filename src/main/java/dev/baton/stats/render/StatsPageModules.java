package dev.baton.stats.render;

import java.util.ArrayList;
import java.util.List;

/**
 * The "Extra modules" columns of the stats page under {@code stats show-modules}: one column per statistics module
 * of HAProxy 2.6 in its order ({@code ssl}, {@code h2}, {@code h1}: the modules whose columns end {@code show stat}),
 * each cell a tooltip listing the module's figures on the row types the module covers (ssl: frontends, listeners,
 * backends and servers; h2 and h1: frontends and backends), an empty cell on the others, as HAProxy's page. A figure
 * is named by its {@code show stat} column. baton keeps none of these figures ({@link StatCsv#UNTRACKED}): each is
 * shown empty, as an empty field is shown, never an invented 0. Pure functions.
 */
final class StatsPageModules {
    /** One module: its name, its columns, the row types it covers. */
    private record Module(String name, List<StatCsv.Column> columns, List<StatRow.Type> covers) {
    }

    private static final List<Module> MODULES = List.of(
        module("ssl", "ssl_", List.of(StatRow.Type.FRONTEND, StatRow.Type.LISTENER, StatRow.Type.BACKEND,
            StatRow.Type.SERVER)),
        module("h2", "h2_", List.of(StatRow.Type.FRONTEND, StatRow.Type.BACKEND)),
        module("h1", "h1_", List.of(StatRow.Type.FRONTEND, StatRow.Type.BACKEND)));

    private StatsPageModules() {
    }

    private static Module module(final String name, final String prefix, final List<StatRow.Type> covers) {
        final List<StatCsv.Column> columns = new ArrayList<>();
        for (final StatCsv.Column c : StatCsv.Column.values()) {
            if (c.header.startsWith(prefix)) {
                columns.add(c);
            }
        }
        return new Module(name, List.copyOf(columns), covers);
    }

    /** The group heading of the first header row. */
    static String groupHeader() {
        return "<th colspan=\"" + MODULES.size() + "\">Extra modules</th>";
    }

    /** The module names of the second header row. */
    static String names() {
        final StringBuilder out = new StringBuilder();
        for (final Module m : MODULES) {
            out.append("<th>").append(m.name()).append("</th>");
        }
        return out.toString();
    }

    /** The module cells of a row of {@code type}. */
    static String cells(final StatRow.Type type) {
        final StringBuilder out = new StringBuilder();
        for (final Module m : MODULES) {
            out.append("<td>");
            if (m.covers().contains(type)) {
                out.append("<u>").append(m.name()).append("<div class=\"tips\"><table class=\"det\">");
                for (final StatCsv.Column c : m.columns()) {
                    // baton keeps no figure of these modules: the value is empty (StatCsv.UNTRACKED)
                    out.append("<tr><th>").append(c.header).append("</th><td></td></tr>");
                }
                out.append("</table></div></u>");
            }
            out.append("</td>");
        }
        return out.toString();
    }
}
