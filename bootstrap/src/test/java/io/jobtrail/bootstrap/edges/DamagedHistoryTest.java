package io.jobtrail.bootstrap.edges;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobtrail.bootstrap.api.RunningJobtrail;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A job whose stored history was damaged behind Jobtrail's back (an event deleted with the
 * immutability triggers off): the export still streams and says where; job() answers with a code
 * that names the missing version instead of an internal error.
 */
class DamagedHistoryTest extends RunningJobtrail {

  @Autowired DataSource dataSource;
  private final HttpClient http = HttpClient.newHttpClient();

  private String damagedJob() throws Exception {
    String id =
        graphQl(OPERATOR)
            .document("mutation($in: CreateJobInput!) { createJob(input: $in) { id } }")
            .variable("in", input("damaged-" + UUID.randomUUID(), "t"))
            .execute()
            .path("createJob.id")
            .entity(String.class)
            .get();
    graphQl(OPERATOR).document("mutation { startJob(id: \"" + id + "\") { id } }").execute();
    graphQl(OPERATOR)
        .document("mutation { cancelJob(id: \"" + id + "\", reason: \"stop\") { id } }")
        .execute();
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try (Statement set = connection.createStatement();
          PreparedStatement delete =
              connection.prepareStatement(
                  "delete from job_events where job_id = ?::uuid and version = 2")) {
        set.execute("set local session_replication_role = replica");
        delete.setString(1, id);
        assertThat(delete.executeUpdate()).isEqualTo(1);
      }
      connection.commit();
    }
    return id;
  }

  @Test
  void givenADeletedMiddleEvent_whenExported_thenTheTrailStreamsAndSaysWhereItIsDamaged()
      throws Exception {
    String id = damagedJob();

    HttpResponse<String> export =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://localhost:"
                            + port
                            + "/api/orchestrator/jobs/"
                            + id
                            + "/events.ndjson"))
                .header("Authorization", "Bearer " + VIEWER)
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(export.statusCode()).isEqualTo(200);
    String[] lines = export.body().split("\n");
    assertThat(lines[0]).contains("\"sequence\":1");
    assertThat(lines[1]).contains("\"damage\":\"missing events\"").contains("\"fromVersion\":2");
    assertThat(lines[2]).contains("\"sequence\":3");
    assertThat(lines[lines.length - 1]).contains("\"damage\":\"verification\"");
  }

  @Test
  void givenADeletedMiddleEvent_whenTheJobIsQueried_thenDamagedHistoryNamingTheVersion()
      throws Exception {
    String id = damagedJob();

    graphQl(VIEWER)
        .document("{ job(id: \"" + id + "\") { id status } }")
        .execute()
        .errors()
        .satisfy(
            errors -> {
              assertThat(errors).singleElement();
              assertThat(errors.getFirst().getExtensions())
                  .containsEntry("code", "DAMAGED_HISTORY")
                  .containsEntry("version", 2);
              assertThat(errors.getFirst().getMessage()).contains("version 2 is missing");
            });
    graphQl(VIEWER)
        .document("{ verifyJob(jobId: \"" + id + "\") { ok differences } }")
        .execute()
        .path("verifyJob.ok")
        .entity(Boolean.class)
        .isEqualTo(false);
  }
}
