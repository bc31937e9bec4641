package io.jobtrail.persistence.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jooq.impl.DSL.param;
import static org.jooq.impl.DSL.val;

import io.jobtrail.persistence.testing.TestDatabase;
import java.util.Map;
import org.jooq.DSLContext;
import org.jooq.Param;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** A query rendered once: values bound by name in the SQL's order, and what it refuses. */
class RenderedQueryTest {

  /** One database for all: these queries read no table. */
  private static final TestDatabase db = TestDatabase.createFresh();

  private final DSLContext dsl = db.dsl();
  private final Param<Long> first = param("first", Long.class);
  private final Param<Long> second = param("second", Long.class);

  @AfterAll
  static void close() {
    db.close();
  }

  @Test
  void givenParametersUsedInAnotherOrderThanNamed_whenRun_thenEachValueGoesToItsName() {
    // "second" comes first in the SQL.
    var query = new RenderedQuery(dsl, dsl.select(second.minus(first)));

    long difference =
        query.fetch(
            dsl, Map.of("first", 1L, "second", 10L), rows -> rows.next() ? rows.getLong(1) : -1);

    assertThat(difference).isEqualTo(9);
  }

  @Test
  void givenAValueThatIsNotANamedParameter_whenRendered_thenRefused() {
    assertThatThrownBy(() -> new RenderedQuery(dsl, dsl.select(first.plus(val(1L)))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("named parameter");
  }

  @Test
  void givenANameUsedInTwoPlaces_whenRun_thenBothGetItsValue() {
    var query = new RenderedQuery(dsl, dsl.select(first.plus(first).minus(second)));

    long result =
        query.fetch(
            dsl, Map.of("first", 5L, "second", 1L), rows -> rows.next() ? rows.getLong(1) : -1);

    assertThat(result).isEqualTo(9);
  }

  @Test
  void givenAMissingValue_whenRun_thenRefusedBeforeAnyStatement() {
    var query = new RenderedQuery(dsl, dsl.select(first.plus(second)));

    assertThatThrownBy(() -> query.fetch(dsl, Map.of("first", 1L), rows -> null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("second");
  }

  @Test
  void givenAStatementWithoutRows_whenExecuted_thenItSaysHowManyRowsItChanged() {
    dsl.execute("create table rendered_probe (n bigint)");
    dsl.execute("insert into rendered_probe values (1), (2), (3)");
    var delete =
        new RenderedQuery(
            dsl,
            dsl.deleteFrom(org.jooq.impl.DSL.table("rendered_probe"))
                .where(org.jooq.impl.DSL.field("n", Long.class).ge(first)));

    assertThat(delete.execute(dsl, Map.of("first", 2L))).isEqualTo(2);
  }
}
