package io.jobtrail.application.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jobtrail.domain.job.AgentUsage;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PriceTableTest {

  private final PriceTable table =
      new PriceTable(
          Map.of(
              "gpt-4o", new PriceTable.Price(2.5, 10),
              "gpt-4o-mini", new PriceTable.Price(0.15, 0.6)));

  private static AgentUsage usage(String model, AgentUsage.Tokens tokens) {
    return new AgentUsage(model, Map.of(), tokens, 10, null);
  }

  @Test
  void givenAListedModel_whenPriced_thenPromptAndCompletionAtTheirRates() {
    assertThat(
            table.price(usage("gpt-4o-mini", AgentUsage.Tokens.of(1_000_000, 500_000))).costUsd())
        .isEqualTo(0.45);
  }

  @Test
  void givenADatedModelName_whenPriced_thenTheLongestListedPrefixPricesIt() {
    assertThat(
            table.price(usage("gpt-4o-mini-2024-07-18", AgentUsage.Tokens.of(1_000, 0))).costUsd())
        .isEqualTo(0.00015);
    assertThat(table.price(usage("gpt-4o-2024-08-06", AgentUsage.Tokens.of(1_000, 0))).costUsd())
        .isEqualTo(0.0025);
  }

  @Test
  void givenAnUnlistedModelOrNoTokens_whenPriced_thenTheCostIsUnknownNotZero() {
    assertThat(table.price(usage("llama-3", AgentUsage.Tokens.of(10, 10))).costUsd()).isNull();
    assertThat(table.price(usage("gpt-4omega", AgentUsage.Tokens.of(10, 10))).costUsd()).isNull();
    assertThat(table.price(new AgentUsage("gpt-4o", Map.of(), null, 1, null)).costUsd()).isNull();
    assertThat(
            table
                .price(new AgentUsage(null, Map.of(), AgentUsage.Tokens.of(1, 1), 1, null))
                .costUsd())
        .isNull();
  }

  @Test
  void theDefaultTablePricesTheSimulatedModel() {
    assertThat(PriceTable.DEFAULT.priceOf(PriceTable.SIMULATED_MODEL)).isNotNull();
  }

  @Test
  void pricesMustBeFiniteAndNotNegative() {
    assertThatThrownBy(() -> new PriceTable.Price(-1, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PriceTable.Price(0, Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
