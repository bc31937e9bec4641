package io.jobtrail.rest.event;

import io.jobtrail.application.event.EnvelopeDocuments;
import io.jobtrail.application.event.GlobalCursor;
import io.jobtrail.application.event.RecordedEvent;
import io.jobtrail.application.port.in.QueryJobs;
import io.jobtrail.application.security.AccessDenied;
import io.jobtrail.application.security.Role;
import io.jobtrail.application.security.TokenAuthenticator;
import io.jobtrail.domain.job.JobId;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /api/orchestrator/events}: a job's events after a sequence, or every job's events
 * after a cursor; {@code GET /api/orchestrator/jobs/{id}/events.ndjson}: a job's audit trail
 * streamed as NDJSON. Same bearer tokens as GraphQL (VIEWER); errors are {@code {code, message}}.
 */
@RestController
public class EventsController {

  private static final int MAX_LIMIT = 1_000;
  private static final int EXPORT_PAGE = 500;

  private final QueryJobs queries;
  private final TokenAuthenticator authenticator;
  private final JsonMapper json = JsonMapper.builder().build();

  public EventsController(QueryJobs queries, TokenAuthenticator authenticator) {
    this.queries = queries;
    this.authenticator = authenticator;
  }

  @GetMapping(path = "/api/orchestrator/events", produces = MediaType.APPLICATION_JSON_VALUE)
  public Map<String, Object> events(
      @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) @Nullable String auth,
      @RequestParam(required = false) @Nullable String jobId,
      @RequestParam(required = false) @Nullable String after,
      @RequestParam(defaultValue = "100") int limit) {
    authenticator.authenticate(auth).require(Role.VIEWER, "read events");
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT);
    }
    List<RecordedEvent> events;
    if (jobId != null) {
      long afterSequence = after == null ? 0 : parseSequence(after);
      events = queries.events(JobId.parse(jobId), afterSequence, limit);
    } else {
      events =
          queries.allEvents(after == null ? GlobalCursor.START : GlobalCursor.parse(after), limit);
    }
    String next =
        events.isEmpty()
            ? after
            : jobId != null
                ? Long.toString(events.getLast().version())
                : events.getLast().cursor().toString();
    var body = new java.util.LinkedHashMap<String, Object>();
    body.put("events", events.stream().map(EnvelopeDocuments::of).toList());
    body.put("next", next);
    return body;
  }

  @GetMapping(path = "/api/orchestrator/jobs/{id}/events.ndjson")
  public ResponseEntity<StreamingResponseBody> export(
      @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) @Nullable String auth,
      @PathVariable String id) {
    authenticator.authenticate(auth).require(Role.VIEWER, "export events");
    JobId jobId = JobId.parse(id);
    if (queries.job(jobId).isEmpty()) {
      return ResponseEntity.status(HttpStatus.NOT_FOUND)
          .contentType(MediaType.APPLICATION_JSON)
          .body(out -> write(out, error("NOT_FOUND", "there is no job " + id)));
    }
    StreamingResponseBody body =
        out -> {
          long after = 0;
          while (true) {
            List<RecordedEvent> page = queries.events(jobId, after, EXPORT_PAGE);
            for (RecordedEvent e : page) {
              write(out, EnvelopeDocuments.of(e));
              out.write('\n');
            }
            out.flush();
            if (page.size() < EXPORT_PAGE) {
              return;
            }
            after = page.getLast().version();
          }
        };
    return ResponseEntity.ok()
        .contentType(MediaType.parseMediaType("application/x-ndjson"))
        .header(
            HttpHeaders.CONTENT_DISPOSITION,
            "attachment; filename=\"job-" + id + "-events.ndjson\"")
        .body(body);
  }

  private void write(OutputStream out, Object value) throws IOException {
    out.write(json.writeValueAsString(value).getBytes(StandardCharsets.UTF_8));
  }

  private static long parseSequence(String after) {
    try {
      return Long.parseLong(after);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("after must be an event sequence number for a job");
    }
  }

  @ExceptionHandler(AccessDenied.class)
  public ResponseEntity<Map<String, String>> denied(AccessDenied e) {
    return e.authenticated()
        ? ResponseEntity.status(HttpStatus.FORBIDDEN).body(error("FORBIDDEN", e.getMessage()))
        : ResponseEntity.status(HttpStatus.UNAUTHORIZED)
            .body(error("UNAUTHENTICATED", e.getMessage()));
  }

  @ExceptionHandler(IllegalArgumentException.class)
  public ResponseEntity<Map<String, String>> badInput(IllegalArgumentException e) {
    return ResponseEntity.badRequest().body(error("BAD_USER_INPUT", e.getMessage()));
  }

  private static Map<String, String> error(String code, @Nullable String message) {
    return Map.of("code", code, "message", message == null ? code : message);
  }
}
