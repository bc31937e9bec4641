package io.jobtrail.graphql.security;

import io.jobtrail.application.security.Credentials;
import io.jobtrail.domain.job.AgentSpec;
import io.jobtrail.domain.job.JobState;
import io.jobtrail.graphql.job.EventView;
import java.util.Map;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.stereotype.Controller;

/**
 * Documents the API shows that may hold a secret stored before secrets were refused inline (agent
 * settings, parameters, event data) have every credential-like value masked.
 */
@Controller
public class SecretMasking {

  @SchemaMapping(typeName = "Agent", field = "settings")
  public Map<String, Object> agentSettings(AgentSpec agent) {
    return Credentials.masked(agent.settings());
  }

  @SchemaMapping(typeName = "Job", field = "parameters")
  public Map<String, Object> parameters(JobState job) {
    return Credentials.masked(job.parameters());
  }

  @SchemaMapping(typeName = "JobEvent", field = "eventData")
  public Map<String, Object> eventData(EventView event) {
    return Credentials.masked(event.eventData());
  }
}
