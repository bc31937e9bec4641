/** The OpenAI-compatible agent: one chat-completions request per call. */
@NullMarked
package io.jobtrail.agents.openai;

import org.jspecify.annotations.NullMarked;
