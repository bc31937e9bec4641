package io.jobtrail.persistence.event;

import io.jobtrail.persistence.failure.StoreFailures;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jooq.DSLContext;
import org.jooq.Param;
import org.jooq.Query;

/**
 * A jOOQ query rendered to SQL once, then run over JDBC with new values each time. jOOQ renders a
 * query's SQL on every execution, and for the store's small hot reads (a job's new events, the
 * global log's next page) that cost more than the rest of the call: JFR put rendering at 12% of the
 * server's CPU with a thousand jobs running. The query is still written with jOOQ's generated
 * tables and fields; only the SQL text is kept.
 *
 * <p>Every value is a named parameter ({@code DSL.param("job", UUID.class)}), each name used once,
 * and bound by name at each run; a query with another value in it is refused when built.
 */
final class RenderedQuery {

  /** Reads a result set to what the caller wants. */
  @FunctionalInterface
  interface Rows<T> {
    T read(ResultSet rows) throws SQLException;
  }

  private final String sql;
  private final List<String> names;

  RenderedQuery(DSLContext dsl, Query query) {
    this.sql = dsl.render(query);
    this.names = namesInBindOrder(dsl, query);
  }

  /**
   * Runs the query with {@code values} (one per parameter name) and reads its rows.
   *
   * @throws io.jobtrail.application.event.StoreUnavailable if the database is away
   */
  <T> T fetch(DSLContext dsl, Map<String, ?> values, Rows<T> rows) {
    if (values.size() != names.size()) {
      throw new IllegalArgumentException(
          "values for " + names + " expected, got " + values.keySet());
    }
    try {
      return dsl.connectionResult(
          connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
              for (int i = 0; i < names.size(); i++) {
                Object value = values.get(names.get(i));
                if (value == null) {
                  throw new IllegalArgumentException("no value for " + names.get(i));
                }
                statement.setObject(i + 1, value);
              }
              try (ResultSet result = statement.executeQuery()) {
                return rows.read(result);
              }
            }
          });
    } catch (RuntimeException e) {
      throw StoreFailures.translate(e);
    }
  }

  String sql() {
    return sql;
  }

  /**
   * The parameters' names in the order of the SQL's {@code ?} markers: where each {@code :name}
   * stands in the same query rendered with named markers.
   */
  private static List<String> namesInBindOrder(DSLContext dsl, Query query) {
    var names = new ArrayList<String>();
    for (Param<?> param : dsl.extractParams(query).values()) {
      if (param.isInline()) {
        continue; // part of the SQL text
      }
      String name = param.getParamName();
      if (name == null || name.chars().allMatch(Character::isDigit)) {
        throw new IllegalArgumentException(
            "every value of a rendered query is a named parameter: " + param);
      }
      names.add(name);
    }
    if (names.size() != dsl.extractBindValues(query).size()) {
      throw new IllegalArgumentException("each parameter name is used once: " + names);
    }
    String named = dsl.renderNamedParams(query);
    names.sort(Comparator.comparingInt(name -> position(named, name)));
    return List.copyOf(names);
  }

  private static int position(String named, String name) {
    Matcher marker = Pattern.compile(":" + Pattern.quote(name) + "(?![A-Za-z0-9_])").matcher(named);
    if (!marker.find()) {
      throw new IllegalArgumentException("no :" + name + " in " + named);
    }
    return marker.start();
  }
}
