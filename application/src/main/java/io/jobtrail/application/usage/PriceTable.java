package io.jobtrail.application.usage;

import io.jobtrail.domain.job.AgentUsage;
import io.jobtrail.domain.job.JobUsage;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * What a model's tokens cost, in USD per million prompt and completion tokens (configured as {@code
 * jobtrail.pricing.models.<model>.*}). A model is found by its exact name, or else by the longest
 * listed name it starts with followed by {@code -} (so {@code gpt-4o-mini} prices the dated {@code
 * gpt-4o-mini-2024-07-18} a response names). A model not found, or a call without token counts, has
 * no cost: unknown, never a guessed zero.
 */
public final class PriceTable {

  /** The price of the simulated agent's model, so that demos show costs. */
  public static final String SIMULATED_MODEL = "simulated-1";

  public static final PriceTable DEFAULT =
      new PriceTable(Map.of(SIMULATED_MODEL, new Price(0.15, 0.60)));

  /** USD per million tokens. */
  public record Price(double promptUsdPerMillion, double completionUsdPerMillion) {
    public Price {
      if (!(promptUsdPerMillion >= 0 && completionUsdPerMillion >= 0)
          || Double.isInfinite(promptUsdPerMillion)
          || Double.isInfinite(completionUsdPerMillion)) {
        throw new IllegalArgumentException("prices must be finite and not negative");
      }
    }
  }

  private final TreeMap<String, Price> prices;

  public PriceTable(Map<String, Price> prices) {
    this.prices = new TreeMap<>(Objects.requireNonNull(prices, "prices"));
  }

  public Map<String, Price> prices() {
    return Map.copyOf(prices);
  }

  /** The price of {@code model}, or null if the table does not list it. */
  public @Nullable Price priceOf(@Nullable String model) {
    if (model == null) {
      return null;
    }
    Price exact = prices.get(model);
    if (exact != null) {
      return exact;
    }
    String best = null;
    for (String listed : prices.keySet()) {
      if (model.startsWith(listed + "-") && (best == null || listed.length() > best.length())) {
        best = listed;
      }
    }
    return best == null ? null : prices.get(best);
  }

  /** The usage with its cost, or with none (null) when the model or its tokens are unknown. */
  public AgentUsage price(AgentUsage usage) {
    AgentUsage.Tokens tokens = usage.tokens();
    Price price = priceOf(usage.model());
    if (tokens == null || price == null) {
      return usage.withCost(null);
    }
    double cost =
        (tokens.prompt() * price.promptUsdPerMillion()
                + tokens.completion() * price.completionUsdPerMillion())
            / 1_000_000;
    return usage.withCost(JobUsage.roundUsd(cost));
  }
}
