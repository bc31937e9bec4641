package io.jobtrail.graphql.security;

import io.jobtrail.application.port.in.AuditJobs.Difference;
import io.jobtrail.application.security.Credentials;
import io.jobtrail.application.view.AttemptView;
import io.jobtrail.application.view.JobView;
import io.jobtrail.graphql.job.EventView;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.stereotype.Controller;

/**
 * Documents the API shows that may hold a secret stored before secrets were refused inline (agent
 * settings, parameters, an attempt's input, event data, the values of a comparison) have every
 * credential-like value masked.
 */
@Controller
public class SecretMasking {

  @SchemaMapping(typeName = "Agent", field = "settings")
  public Map<String, Object> agentSettings(JobView.Agent agent) {
    return Credentials.masked(agent.settings());
  }

  @SchemaMapping(typeName = "Job", field = "parameters")
  public Map<String, Object> parameters(JobView job) {
    return Credentials.masked(job.parameters());
  }

  @SchemaMapping(typeName = "Attempt", field = "input")
  public @Nullable Map<String, Object> attemptInput(AttemptView attempt) {
    return attempt.input() == null ? null : Credentials.masked(attempt.input());
  }

  @SchemaMapping(typeName = "JobEvent", field = "eventData")
  public Map<String, Object> eventData(EventView event) {
    return Credentials.masked(event.eventData());
  }

  @SchemaMapping(typeName = "Difference", field = "left")
  public @Nullable Object differenceLeft(Difference difference) {
    return masked(difference.path(), difference.left());
  }

  @SchemaMapping(typeName = "Difference", field = "right")
  public @Nullable Object differenceRight(Difference difference) {
    return masked(difference.path(), difference.right());
  }

  /** A value at a JSON Pointer: masked if its own key looks like a credential, or inside. */
  private static @Nullable Object masked(String path, @Nullable Object value) {
    String key = path.substring(path.lastIndexOf('/') + 1);
    if (value != null && Credentials.looksLikeCredential(key)) {
      return Credentials.MASK;
    }
    if (value instanceof Map<?, ?> map) {
      @SuppressWarnings("unchecked")
      var document = (Map<String, ?>) map;
      return Credentials.masked(document);
    }
    return value;
  }
}
