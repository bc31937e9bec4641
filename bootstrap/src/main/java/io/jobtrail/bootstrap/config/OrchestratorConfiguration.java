package io.jobtrail.bootstrap.config;

import io.jobtrail.agents.AgentRegistry;
import io.jobtrail.agents.command.CommandAgent;
import io.jobtrail.agents.command.CommandPolicy;
import io.jobtrail.agents.openai.OpenAiAgent;
import io.jobtrail.agents.simulated.SimulatedAgent;
import io.jobtrail.application.job.JobCommandHandler;
import io.jobtrail.application.job.JobRepository;
import io.jobtrail.application.job.JobService;
import io.jobtrail.application.log.JobLogService;
import io.jobtrail.application.orchestrator.Orchestrator;
import io.jobtrail.application.orchestrator.OrchestratorSettings;
import io.jobtrail.application.orchestrator.WakingJobControl;
import io.jobtrail.application.port.out.JobEventStore;
import io.jobtrail.application.port.out.JobLeases;
import io.jobtrail.application.port.out.JobLogs;
import io.jobtrail.application.port.out.OrchestratorMetrics;
import io.jobtrail.application.usage.PriceTable;
import io.jobtrail.bootstrap.config.CoreConfiguration.InstanceId;
import io.jobtrail.persistence.orchestrator.JooqJobLeases;
import io.jobtrail.persistence.orchestrator.JooqJobLogs;
import io.opentelemetry.api.OpenTelemetry;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jooq.DSLContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import tools.jackson.databind.json.JsonMapper;

/** The orchestrator, its agents, leases and logs. */
@Configuration(proxyBeanMethods = false)
public class OrchestratorConfiguration {

  @Bean
  JooqJobLeases jobLeases(DSLContext dsl) {
    return new JooqJobLeases(dsl);
  }

  @Bean
  JooqJobLogs jobLogs(DSLContext dsl) {
    return new JooqJobLogs(dsl);
  }

  @Bean
  AgentRegistry agentRegistry(JobtrailProperties properties) {
    var agents = properties.agents();
    var json = JsonMapper.builder().build();
    var openAiDefaults = new LinkedHashMap<String, Object>();
    if (!agents.openaiBaseUrl().isBlank()) {
      openAiDefaults.put("baseUrl", agents.openaiBaseUrl());
    }
    if (!agents.openaiModel().isBlank()) {
      openAiDefaults.put("model", agents.openaiModel());
    }
    return new AgentRegistry(
        Map.of(
            SimulatedAgent.KIND,
            new SimulatedAgent(Map.of("latencyMs", agents.simulatedLatencyMs())),
            CommandAgent.KIND,
            new CommandAgent(
                agents.commandAllowed().isEmpty()
                    ? CommandPolicy.NONE
                    : CommandPolicy.allowing(agents.commandAllowed()),
                json),
            OpenAiAgent.KIND,
            new OpenAiAgent(
                HttpClient.newHttpClient(),
                json,
                openAiDefaults,
                new OpenAiAgent.Secrets(System::getenv, agents.secrets()::get))));
  }

  @Bean(destroyMethod = "close")
  Orchestrator orchestrator(
      JobtrailProperties properties,
      InstanceId instanceId,
      JobRepository repository,
      JobCommandHandler handler,
      JobEventStore events,
      JobLeases leases,
      JobLogs logs,
      AgentRegistry agents,
      OpenTelemetry openTelemetry,
      OrchestratorMetrics metrics,
      Clock clock,
      PriceTable prices) {
    var o = properties.orchestrator();
    if (o.shutdownGrace().compareTo(properties.shutdown().timeout()) >= 0) {
      throw new InvalidConfiguration(
          "jobtrail.orchestrator.shutdown-grace ("
              + o.shutdownGrace()
              + ") must be shorter than jobtrail.shutdown.timeout ("
              + properties.shutdown().timeout()
              + ")",
          "lower jobtrail.orchestrator.shutdown-grace or raise jobtrail.shutdown.timeout");
    }
    var settings =
        InvalidConfiguration.check(
            "jobtrail.orchestrator.*",
            () ->
                OrchestratorSettings.defaults(instanceId.value())
                    .withWorkers(o.workers(), o.maxActiveJobs())
                    .withPollInterval(o.pollInterval())
                    .withLease(o.leaseDuration())
                    .withPauseMode(o.pauseMode())
                    .withShutdownGrace(o.shutdownGrace()));
    var orchestrator =
        new Orchestrator(
            settings,
            repository,
            handler,
            events,
            leases,
            logs,
            agents,
            openTelemetry.getTracer("io.jobtrail.orchestrator"),
            metrics,
            clock,
            prices);
    if (o.enabled()) {
      orchestrator.start();
    }
    return orchestrator;
  }

  /** Job commands that wake this instance's orchestrator (cancel interrupts a running agent). */
  @Bean
  @Primary
  WakingJobControl wakingJobControl(JobService jobService, Orchestrator orchestrator) {
    return new WakingJobControl(jobService, jobService, orchestrator);
  }

  @Bean
  JobLogService jobLogService(JobLogs logs) {
    return new JobLogService(logs);
  }
}
