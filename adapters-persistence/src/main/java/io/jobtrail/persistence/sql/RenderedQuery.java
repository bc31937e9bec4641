package io.jobtrail.persistence.sql;

import io.jobtrail.persistence.failure.StoreFailures;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jooq.DSLContext;
import org.jooq.Param;
import org.jooq.Query;

/**
 * A jOOQ query rendered to SQL once, then run over JDBC with new values each time. jOOQ renders a
 * query's SQL on every execution, and for the hot statements (a job's new events, the global log's
 * next page, a lease) that cost more than the rest of the call: JFR put rendering at 12% of the
 * server's CPU with a thousand jobs running. The query is still written with jOOQ's generated
 * tables and fields; only the SQL text is kept (as jOOQ's manual suggests for hot queries).
 *
 * <p>Every value is a named parameter ({@code DSL.param("job", UUID.class)}), bound by name at each
 * run; a name may stand in several places. A query with any other value in it is refused when
 * built.
 */
public final class RenderedQuery {

  /** Reads a result set to what the caller wants. */
  @FunctionalInterface
  public interface Rows<T> {
    T read(ResultSet rows) throws SQLException;
  }

  /** A {@code :name} marker of the named rendering (not the second colon of a {@code ::} cast). */
  private static final Pattern MARKER = Pattern.compile("(?<!:):([A-Za-z_][A-Za-z0-9_]*)");

  private final String sql;
  private final Set<String> names;
  private final List<String> bindOrder;

  public RenderedQuery(DSLContext dsl, Query query) {
    this.sql = dsl.render(query);
    this.names = names(dsl, query);
    this.bindOrder = bindOrder(dsl, query, names);
  }

  /**
   * Runs the query with {@code values} (one per parameter name) and reads its rows.
   *
   * @throws io.jobtrail.application.event.StoreUnavailable if the database is away
   */
  public <T> T fetch(DSLContext dsl, Map<String, ?> values, Rows<T> rows) {
    return run(
        dsl,
        values,
        statement -> {
          try (ResultSet result = statement.executeQuery()) {
            return rows.read(result);
          }
        });
  }

  /**
   * Runs a statement that returns no rows with {@code values}; returns the rows it changed.
   *
   * @throws io.jobtrail.application.event.StoreUnavailable if the database is away
   */
  public int execute(DSLContext dsl, Map<String, ?> values) {
    return run(dsl, values, PreparedStatement::executeUpdate);
  }

  private interface Run<T> {
    T on(PreparedStatement statement) throws SQLException;
  }

  private <T> T run(DSLContext dsl, Map<String, ?> values, Run<T> run) {
    if (!values.keySet().equals(names)) {
      throw new IllegalArgumentException(
          "values for " + names + " expected, got " + values.keySet());
    }
    try {
      return dsl.connectionResult(
          connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
              for (int i = 0; i < bindOrder.size(); i++) {
                statement.setObject(i + 1, values.get(bindOrder.get(i)));
              }
              return run.on(statement);
            }
          });
    } catch (RuntimeException e) {
      throw StoreFailures.translate(e);
    }
  }

  private static Set<String> names(DSLContext dsl, Query query) {
    var names = new HashSet<String>();
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
    return Set.copyOf(names);
  }

  /**
   * The parameter name of each {@code ?} of the SQL, in order: the {@code :name} markers of the
   * same query rendered with named markers.
   */
  private static List<String> bindOrder(DSLContext dsl, Query query, Set<String> names) {
    String named = dsl.renderNamedParams(query);
    var order = new ArrayList<String>();
    Matcher marker = MARKER.matcher(named);
    while (marker.find()) {
      if (!names.contains(marker.group(1))) {
        throw new IllegalArgumentException("not a parameter of the query: " + marker.group());
      }
      order.add(marker.group(1));
    }
    if (order.size() != dsl.extractBindValues(query).size()) {
      throw new IllegalArgumentException(
          "markers " + order + " do not match the query's values: " + named);
    }
    return List.copyOf(order);
  }
}
