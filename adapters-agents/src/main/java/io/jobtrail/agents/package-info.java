/**
 * The agents behind the {@code AgentRuntime} port, chosen per role by {@code AgentSpec.kind}:
 * {@code simulated}, {@code command} and {@code openai}, and what they share.
 */
@NullMarked
package io.jobtrail.agents;

import org.jspecify.annotations.NullMarked;
