package io.jobtrail.persistence.event;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
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
 * The columns of rows of {@code R} that a statement writes, each named by a generated jOOQ field
 * and saying how a row gives its value. The statement's SQL and its binding are both made from this
 * one list, in its order, so they cannot drift apart, and a value of the wrong type for its column
 * does not compile.
 *
 * <p>Rows go either as a {@code VALUES} list, one parameter per value (the cheapest to execute; the
 * text depends on the number of rows), or as one array per column turned back into rows by {@code
 * unnest} (one statement text for any number of rows, and no limit of 65,535 parameters; each array
 * costs the server a function scan, which only pays off for many rows). Times go as ISO-8601 text
 * cast by the server (cheaper than pgjdbc's own path), jsonb as text cast by the server.
 */
final class Columns<R> {

  private interface Bind<R> {
    void bind(PreparedStatement statement, int index, R row) throws SQLException;
  }

  private interface ArrayOf<R> {
    Object of(Connection connection, List<R> rows) throws SQLException;
  }

  /** {@code type} is the SQL type a value is cast to; {@code arrayType} an array parameter's. */
  private record Column<R>(
      String name, String type, String arrayType, Bind<R> bind, ArrayOf<R> array) {}

  private final List<Column<R>> columns;

  Columns() {
    this(List.of());
  }

  private Columns(List<Column<R>> columns) {
    this.columns = List.copyOf(columns);
  }

  /** These columns followed by {@code more}'s. */
  Columns<R> and(Columns<R> more) {
    var all = new ArrayList<>(columns);
    all.addAll(more.columns);
    return new Columns<>(all);
  }

  Columns<R> uuid(Field<UUID> field, Function<R, @Nullable UUID> value) {
    return with(
        field,
        "uuid",
        "uuid[]",
        (s, i, row) -> s.setObject(i, value.apply(row)),
        (connection, rows) -> {
          var array = new UUID[rows.size()];
          for (int i = 0; i < array.length; i++) {
            array[i] = value.apply(rows.get(i));
          }
          return connection.createArrayOf("uuid", array);
        });
  }

  Columns<R> bigint(Field<Long> field, ToLongFunction<R> value) {
    return with(
        field,
        "bigint",
        "bigint[]",
        (s, i, row) -> s.setLong(i, value.applyAsLong(row)),
        (connection, rows) -> rows.stream().mapToLong(value).toArray());
  }

  Columns<R> nullableBigint(Field<Long> field, Function<R, @Nullable Long> value) {
    return with(
        field,
        "bigint",
        "bigint[]",
        (s, i, row) -> {
          Long v = value.apply(row);
          if (v == null) {
            s.setNull(i, Types.BIGINT);
          } else {
            s.setLong(i, v);
          }
        },
        (connection, rows) -> rows.stream().map(value).toArray(Long[]::new));
  }

  Columns<R> integer(Field<Integer> field, ToIntFunction<R> value) {
    return with(
        field,
        "integer",
        "integer[]",
        (s, i, row) -> s.setInt(i, value.applyAsInt(row)),
        (connection, rows) -> rows.stream().mapToInt(value).toArray());
  }

  Columns<R> smallint(Field<Short> field, ToIntFunction<R> value) {
    return with(
        field,
        "smallint",
        "smallint[]",
        (s, i, row) -> s.setShort(i, (short) value.applyAsInt(row)),
        (connection, rows) -> {
          var array = new short[rows.size()];
          for (int i = 0; i < array.length; i++) {
            array[i] = (short) value.applyAsInt(rows.get(i));
          }
          return array;
        });
  }

  Columns<R> doublePrecision(Field<Double> field, ToDoubleFunction<R> value) {
    return with(
        field,
        "double precision",
        "double precision[]",
        (s, i, row) -> s.setDouble(i, value.applyAsDouble(row)),
        (connection, rows) -> rows.stream().mapToDouble(value).toArray());
  }

  Columns<R> text(Field<String> field, Function<R, @Nullable String> value) {
    return with(field, "text", "text[]", strings(value), stringArrays(value));
  }

  /** A jsonb column from its JSON text. */
  Columns<R> jsonb(Field<JSONB> field, Function<R, String> value) {
    return with(field, "jsonb", "text[]::jsonb[]", strings(value), stringArrays(value));
  }

  /** A timestamptz column from an instant. */
  Columns<R> timestamptz(Field<OffsetDateTime> field, Function<R, Instant> value) {
    Function<R, String> text = row -> value.apply(row).toString();
    return with(field, "timestamptz", "text[]::timestamptz[]", strings(text), stringArrays(text));
  }

  /** A timestamptz column that may be null. */
  Columns<R> nullableTimestamptz(
      Field<OffsetDateTime> field, Function<R, @Nullable Instant> value) {
    Function<R, @Nullable String> text =
        row -> {
          Instant at = value.apply(row);
          return at == null ? null : at.toString();
        };
    return with(field, "timestamptz", "text[]::timestamptz[]", strings(text), stringArrays(text));
  }

  Columns<R> bytea(Field<byte[]> field, Function<R, byte @Nullable []> value) {
    return with(
        field,
        "bytea",
        "bytea[]",
        (s, i, row) -> s.setBytes(i, value.apply(row)),
        (connection, rows) -> rows.stream().map(value).toArray(byte[][]::new));
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

  /**
   * {@code (values (?::uuid, ...), ...) as alias(event_id, ...)}: a FROM item of {@code n} rows.
   */
  String valuesAs(String alias, int n) {
    String row =
        columns.stream().map(c -> "?::" + c.type()).collect(Collectors.joining(", ", "(", ")"));
    return "(values "
        + String.join(", ", java.util.Collections.nCopies(n, row))
        + ") as "
        + alias
        + "("
        + names()
        + ")";
  }

  /** {@code unnest(?::uuid[], ...) as alias(event_id, ...)}: a FROM item of bound arrays. */
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
   * Binds the rows value by value from parameter {@code first} on, in the order of {@link
   * #valuesAs}.
   *
   * @return the next parameter index
   */
  int bindValues(PreparedStatement statement, int first, List<R> rows) throws SQLException {
    int p = first;
    for (R row : rows) {
      for (Column<R> column : columns) {
        column.bind().bind(statement, p++, row);
      }
    }
    return p;
  }

  /**
   * Binds one array per column from parameter {@code first} on, in the order of {@link #unnestAs}.
   *
   * @return the next parameter index
   */
  int bindArrays(PreparedStatement statement, int first, List<R> rows) throws SQLException {
    int p = first;
    for (Column<R> column : columns) {
      Object array = column.array().of(statement.getConnection(), rows);
      if (array instanceof java.sql.Array sqlArray) {
        statement.setArray(p++, sqlArray);
      } else {
        statement.setObject(p++, array);
      }
    }
    return p;
  }

  private Columns<R> with(
      Field<?> field, String type, String arrayType, Bind<R> bind, ArrayOf<R> array) {
    var all = new ArrayList<>(columns);
    all.add(new Column<>(field.getName(), type, arrayType, bind, array));
    return new Columns<>(all);
  }

  private static <R> Bind<R> strings(Function<R, @Nullable String> value) {
    return (s, i, row) -> s.setString(i, value.apply(row));
  }

  private static <R> ArrayOf<R> stringArrays(Function<R, @Nullable String> value) {
    return (connection, rows) -> rows.stream().map(value).toArray(String[]::new);
  }
}
