package io.jobtrail.agents.openai;

import io.jobtrail.domain.job.AgentUsage;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The token counts of a reply's {@code usage} member ({@code prompt_tokens}, {@code
 * completion_tokens}, {@code total_tokens}), as a plain reply and a stream's last chunk carry it.
 */
final class ReplyUsage {

  private ReplyUsage() {}

  /** The counts, or null when {@code usage} is absent or lacks the prompt or completion count. */
  static AgentUsage.@Nullable Tokens tokens(@Nullable Object usage) {
    if (usage instanceof Map<?, ?> counts
        && counts.get("prompt_tokens") instanceof Number prompt
        && counts.get("completion_tokens") instanceof Number completion) {
      long total =
          counts.get("total_tokens") instanceof Number t
              ? t.longValue()
              : prompt.longValue() + completion.longValue();
      return new AgentUsage.Tokens(prompt.longValue(), completion.longValue(), total);
    }
    return null;
  }

  /** The reply's model, when it names one. */
  static @Nullable String model(@Nullable Object model) {
    return model instanceof String name && !name.isBlank() ? name : null;
  }
}
