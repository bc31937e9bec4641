package io.jobtrail.bootstrap;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Starts Jobtrail: embedded PostgreSQL unless a database URL is configured, then the server. */
@SpringBootApplication(scanBasePackages = "io.jobtrail")
@ConfigurationPropertiesScan("io.jobtrail.bootstrap")
public class JobtrailApplication {

  public static void main(String[] args) {
    var application = new SpringApplication(JobtrailApplication.class);
    // The process ends within jobtrail.shutdown.timeout (tests that start contexts keep their JVM).
    application.setDefaultProperties(java.util.Map.of("jobtrail.shutdown.exit-on-timeout", "true"));
    application.run(args);
  }
}
