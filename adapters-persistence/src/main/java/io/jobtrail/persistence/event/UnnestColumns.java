package io.jobtrail.persistence.event;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.function.ToIntFunction;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;
import org.jooq.Field;
import org.jooq.JSONB;
import org.jspecify.annotations.Nullable;

/**
 * Rows of {@code R} sent as one array per column and turned back into rows by {@code unnest}, so a
 * statement has one parameter per column whatever the number of rows: its text is fixed, prepared
 * once per connection and planned once. Each column is named by a generated jOOQ field and says how
 * a row gives its value; the SQL and the binding are both made from this one list, in its order, so
 * they cannot drift apart, and a value of the wrong type for its column does not compile.
 *
 * <p>Arrays go in pgjdbc's binary format where it has one (numbers, text, bytea); uuids go as text.
 * Times go as ISO-8601 text cast by the server, jsonb as text cast by the server.
 */
final class UnnestColumns<R> {

  /** Makes the array bound for one column from the rows. */
  private interface Values<R> {
    Object of(Connection connection, List<R> rows) throws SQLException;
  }

  private record Column<R>(String name, String arrayType, Values<R> values) {}

  private final List<Column<R>> columns;

  UnnestColumns() {
    this(List.of());
  }

  private UnnestColumns(List<Column<R>> columns) {
    this.columns = List.copyOf(columns);
  }

  /** These columns followed by {@code more}'s. */
  UnnestColumns<R> and(UnnestColumns<R> more) {
    var all = new ArrayList<>(columns);
    all.addAll(more.columns);
    return new UnnestColumns<>(all);
  }

  UnnestColumns<R> uuid(Field<UUID> field, Function<R, @Nullable UUID> value) {
    return with(
        field,
        "uuid[]",
        (connection, rows) -> {
          var array = new UUID[rows.size()];
          for (int i = 0; i < array.length; i++) {
            array[i] = value.apply(rows.get(i));
          }
          return connection.createArrayOf("uuid", array);
        });
  }

  UnnestColumns<R> bigint(Field<Long> field, ToLongFunction<R> value) {
    return with(
        field,
        "bigint[]",
        (connection, rows) -> {
          var array = new long[rows.size()];
          for (int i = 0; i < array.length; i++) {
            array[i] = value.applyAsLong(rows.get(i));
          }
          return array;
        });
  }

  UnnestColumns<R> nullableBigint(Field<Long> field, Function<R, @Nullable Long> value) {
    return with(
        field,
        "bigint[]",
        (connection, rows) -> {
          var array = new Long[rows.size()];
          for (int i = 0; i < array.length; i++) {
            array[i] = value.apply(rows.get(i));
          }
          return array;
        });
  }

  UnnestColumns<R> integer(Field<Integer> field, ToIntFunction<R> value) {
    return with(
        field,
        "integer[]",
        (connection, rows) -> {
          var array = new int[rows.size()];
          for (int i = 0; i < array.length; i++) {
            array[i] = value.applyAsInt(rows.get(i));
          }
          return array;
        });
  }

  UnnestColumns<R> smallint(Field<Short> field, ToIntFunction<R> value) {
    return with(
        field,
        "smallint[]",
        (connection, rows) -> {
          var array = new short[rows.size()];
          for (int i = 0; i < array.length; i++) {
            array[i] = (short) value.applyAsInt(rows.get(i));
          }
          return array;
        });
  }

  UnnestColumns<R> doublePrecision(Field<Double> field, ToDoubleFunction<R> value) {
    return with(
        field,
        "double precision[]",
        (connection, rows) -> {
          var array = new double[rows.size()];
          for (int i = 0; i < array.length; i++) {
            array[i] = value.applyAsDouble(rows.get(i));
          }
          return array;
        });
  }

  UnnestColumns<R> text(Field<String> field, Function<R, @Nullable String> value) {
    return with(field, "text[]", strings(value));
  }

  /** A jsonb column from its JSON text. */
  UnnestColumns<R> jsonb(Field<JSONB> field, Function<R, String> value) {
    return with(field, "text[]::jsonb[]", strings(value));
  }

  /** A timestamptz column from an instant, sent as ISO-8601 text (cheaper than pgjdbc's path). */
  UnnestColumns<R> timestamptz(Field<OffsetDateTime> field, Function<R, Instant> value) {
    return with(field, "text[]::timestamptz[]", strings(row -> value.apply(row).toString()));
  }

  UnnestColumns<R> bytea(Field<byte[]> field, Function<R, byte @Nullable []> value) {
    return with(
        field,
        "bytea[]",
        (connection, rows) -> {
          var array = new byte[rows.size()][];
          for (int i = 0; i < array.length; i++) {
            array[i] = value.apply(rows.get(i));
          }
          return array;
        });
  }

  /** The column names: {@code event_id, job_id, ...}. */
  String names() {
    return columns.stream().map(Column::name).collect(Collectors.joining(", "));
  }

  /** {@code name = alias.name, ...} for every column, for an UPDATE's SET clause. */
  String assignmentsFrom(String alias) {
    return columns.stream()
        .map(c -> c.name() + " = " + alias + "." + c.name())
        .collect(Collectors.joining(", "));
  }

  /** {@code unnest(?::uuid[], ...) as alias(event_id, ...)}: a FROM item of the bound rows. */
  String unnestAs(String alias) {
    return "unnest("
        + columns.stream().map(c -> "?::" + c.arrayType()).collect(Collectors.joining(", "))
        + ") as "
        + alias
        + "("
        + names()
        + ")";
  }

  /**
   * Binds the rows' arrays from parameter {@code first} on, in the order of {@link #unnestAs}.
   *
   * @return the next parameter index
   */
  int bind(PreparedStatement statement, int first, List<R> rows) throws SQLException {
    int p = first;
    for (Column<R> column : columns) {
      Object array = column.values().of(statement.getConnection(), rows);
      if (array instanceof java.sql.Array sqlArray) {
        statement.setArray(p++, sqlArray);
      } else {
        statement.setObject(p++, array);
      }
    }
    return p;
  }

  private UnnestColumns<R> with(Field<?> field, String arrayType, Values<R> values) {
    var all = new ArrayList<>(columns);
    all.add(new Column<>(field.getName(), arrayType, values));
    return new UnnestColumns<>(all);
  }

  private static <R> Values<R> strings(Function<R, @Nullable String> value) {
    return (connection, rows) -> {
      var array = new String[rows.size()];
      for (int i = 0; i < array.length; i++) {
        array[i] = value.apply(rows.get(i));
      }
      return array;
    };
  }
}
