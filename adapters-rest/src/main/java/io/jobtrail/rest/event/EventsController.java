package io.jobtrail.rest.event;

import io.jobtrail.application.event.EnvelopeDocuments;
import io.jobtrail.application.event.GlobalCursor;
import io.jobtrail.application.event.HistoryDamaged;
import io.jobtrail.application.event.RecordedEvent;
import io.jobtrail.application.event.StoreUnavailable;
import io.jobtrail.application.port.in.AuditJobs;
import io.jobtrail.application.port.in.QueryJobs;
import io.jobtrail.application.readmodel.RecordedHead;
import io.jobtrail.application.security.AccessDenied;
import io.jobtrail.application.security.Role;
import io.jobtrail.application.security.TokenAuthenticator;
import io.jobtrail.domain.job.JobId;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
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
 * streamed as NDJSON, which still streams when the history is damaged and says where, in lines of
 * their own ({@code {"damage": …}}). Same bearer tokens as GraphQL (VIEWER); errors are {@code
 * {code, message}}.
 */
@RestController
public class EventsController {

  private static final System.Logger LOG = System.getLogger(EventsController.class.getName());
  private static final int MAX_LIMIT = 1_000;
  private static final int EXPORT_PAGE = 500;

  private final QueryJobs queries;
  private final AuditJobs audit;
  private final TokenAuthenticator authenticator;
  private final JsonMapper json = JsonMapper.builder().build();

  public EventsController(QueryJobs queries, AuditJobs audit, TokenAuthenticator authenticator) {
    this.queries = queries;
    this.audit = audit;
    this.authenticator = authenticator;
  }

  /** A request parameter the caller got wrong: 400 with {@code BAD_USER_INPUT}. */
  static final class BadRequest extends RuntimeException {
    BadRequest(String message) {
      super(message, null, false, false);
    }
  }

  @GetMapping(path = "/api/orchestrator/events", produces = MediaType.APPLICATION_JSON_VALUE)
  public Map<String, Object> events(
      @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) @Nullable String auth,
      @RequestParam(required = false) @Nullable String jobId,
      @RequestParam(required = false) @Nullable String after,
      @RequestParam(required = false) @Nullable String limit) {
    authenticator.authenticate(auth).require(Role.VIEWER, "read events");
    int size = limit(limit);
    List<RecordedEvent> events;
    if (jobId != null) {
      long afterSequence = after == null ? 0 : parseSequence(after);
      events = queries.events(parseJobId(jobId), afterSequence, size);
    } else {
      events = queries.allEvents(after == null ? GlobalCursor.START : parseCursor(after), size);
    }
    String next =
        events.isEmpty()
            ? after
            : jobId != null
                ? Long.toString(events.getLast().version())
                : events.getLast().cursor().toString();
    var body = new LinkedHashMap<String, Object>();
    body.put("events", events.stream().map(EnvelopeDocuments::of).toList());
    body.put("next", next);
    return body;
  }

  @GetMapping(path = "/api/orchestrator/jobs/{id}/events.ndjson")
  public ResponseEntity<StreamingResponseBody> export(
      @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) @Nullable String auth,
      @PathVariable String id) {
    authenticator.authenticate(auth).require(Role.VIEWER, "export events");
    JobId jobId = parseJobId(id);
    if (queries.events(jobId, 0, 1).isEmpty()) {
      return ResponseEntity.status(HttpStatus.NOT_FOUND)
          .contentType(MediaType.APPLICATION_JSON)
          .body(out -> write(out, error("NOT_FOUND", "there is no job " + id)));
    }
    StreamingResponseBody body = out -> exportTrail(jobId, out);
    return ResponseEntity.ok()
        .contentType(MediaType.parseMediaType("application/x-ndjson"))
        .header(
            HttpHeaders.CONTENT_DISPOSITION,
            "attachment; filename=\"job-" + id + "-events.ndjson\"")
        .body(body);
  }

  /**
   * {@code GET /api/orchestrator/heads.ndjson}: the latest recorded head checkpoint of every job,
   * one per line; kept outside the database, it shows a tail deleted from a job's log later.
   */
  @GetMapping(path = "/api/orchestrator/heads.ndjson")
  public ResponseEntity<StreamingResponseBody> heads(
      @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) @Nullable String auth) {
    authenticator.authenticate(auth).require(Role.VIEWER, "export head checkpoints");
    StreamingResponseBody body =
        out -> {
          JobId after = null;
          while (true) {
            List<RecordedHead> page = audit.recordedHeads(after, EXPORT_PAGE);
            for (RecordedHead head : page) {
              var line = new LinkedHashMap<String, Object>();
              line.put("jobId", head.jobId().toString());
              line.put("version", head.version());
              line.put("lastHash", head.lastHash());
              line.put("recordedAt", head.recordedAt().toString());
              line(out, line);
            }
            out.flush();
            if (page.size() < EXPORT_PAGE) {
              return;
            }
            after = page.getLast().jobId();
          }
        };
    return ResponseEntity.ok()
        .contentType(MediaType.parseMediaType("application/x-ndjson"))
        .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"job-heads.ndjson\"")
        .body(body);
  }

  /**
   * Every stored event in order, as it is; where the run of versions has a hole, or an event does
   * not link to the one before, a line says so; at the end, if verification finds more (a log
   * shorter than its recorded head, an altered event), a last line lists it.
   */
  private void exportTrail(JobId jobId, OutputStream out) throws IOException {
    long after = 0;
    long expected = 1;
    String previousHash = null;
    boolean damaged = false;
    while (true) {
      List<RecordedEvent> page = queries.events(jobId, after, EXPORT_PAGE);
      for (RecordedEvent e : page) {
        if (e.version() != expected) {
          damaged = true;
          line(
              out,
              damage(
                  "missing events", Map.of("fromVersion", expected, "toVersion", e.version() - 1)));
        } else if (expected > 1 && !Objects.equals(previousHash, e.prevHash())) {
          damaged = true;
          line(out, damage("broken link", Map.of("version", e.version())));
        }
        line(out, EnvelopeDocuments.of(e));
        expected = e.version() + 1;
        previousHash = e.hash();
      }
      out.flush();
      if (page.size() < EXPORT_PAGE) {
        break;
      }
      after = page.getLast().version();
    }
    AuditJobs.VerificationReport report = audit.verify(jobId);
    if (!report.ok() || damaged) {
      line(
          out,
          damage(
              "verification",
              Map.of(
                  "hashChainIntact", report.hashChainIntact(),
                  "differences", report.differences())));
    }
    out.flush();
  }

  private static Map<String, Object> damage(String kind, Map<String, Object> details) {
    var line = new LinkedHashMap<String, Object>();
    line.put("damage", kind);
    line.putAll(details);
    return line;
  }

  private void line(OutputStream out, Object value) throws IOException {
    write(out, value);
    out.write('\n');
  }

  private void write(OutputStream out, Object value) throws IOException {
    out.write(json.writeValueAsString(value).getBytes(StandardCharsets.UTF_8));
  }

  private static int limit(@Nullable String text) {
    if (text == null) {
      return 100;
    }
    try {
      int limit = Integer.parseInt(text);
      if (limit >= 1 && limit <= MAX_LIMIT) {
        return limit;
      }
    } catch (NumberFormatException e) {
      // Reported below.
    }
    throw new BadRequest("limit must be a whole number between 1 and " + MAX_LIMIT);
  }

  private static long parseSequence(String after) {
    try {
      return Math.max(0, Long.parseLong(after));
    } catch (NumberFormatException e) {
      throw new BadRequest("after must be an event sequence number for a job");
    }
  }

  private static JobId parseJobId(String id) {
    try {
      return JobId.parse(id);
    } catch (IllegalArgumentException e) {
      throw new BadRequest(String.valueOf(e.getMessage()));
    }
  }

  private static GlobalCursor parseCursor(String text) {
    try {
      return GlobalCursor.parse(text);
    } catch (IllegalArgumentException e) {
      throw new BadRequest(String.valueOf(e.getMessage()));
    }
  }

  @ExceptionHandler(AccessDenied.class)
  public ResponseEntity<Map<String, Object>> denied(AccessDenied e) {
    return e.authenticated()
        ? ResponseEntity.status(HttpStatus.FORBIDDEN).body(error("FORBIDDEN", e.getMessage()))
        : ResponseEntity.status(HttpStatus.UNAUTHORIZED)
            .body(error("UNAUTHENTICATED", e.getMessage()));
  }

  @ExceptionHandler(BadRequest.class)
  public ResponseEntity<Map<String, Object>> badInput(BadRequest e) {
    return ResponseEntity.badRequest().body(error("BAD_USER_INPUT", e.getMessage()));
  }

  @ExceptionHandler(StoreUnavailable.class)
  public ResponseEntity<Map<String, Object>> unavailable(StoreUnavailable e) {
    return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
        .header(HttpHeaders.RETRY_AFTER, "2")
        .body(
            error("UNAVAILABLE", e.getMessage() + ": nothing was changed; retry in a few seconds"));
  }

  @ExceptionHandler(HistoryDamaged.class)
  public ResponseEntity<Map<String, Object>> damaged(HistoryDamaged e) {
    return ResponseEntity.status(HttpStatus.CONFLICT)
        .body(
            error(
                "DAMAGED_HISTORY",
                "the job's stored history is damaged: "
                    + e.getMessage()
                    + "; the NDJSON export still reads it"));
  }

  /** A bug: the caller gets an error id, the log gets the stack trace under it. */
  @ExceptionHandler(RuntimeException.class)
  public ResponseEntity<Map<String, Object>> internal(RuntimeException e) {
    String errorId = UUID.randomUUID().toString();
    LOG.log(Level.ERROR, "internal error " + errorId + " in the REST API", e);
    var body =
        error(
            "INTERNAL",
            "internal error " + errorId + "; the server log has the details under this id");
    body.put("errorId", errorId);
    return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR).body(body);
  }

  private static Map<String, Object> error(String code, @Nullable String message) {
    var body = new LinkedHashMap<String, Object>();
    body.put("code", code);
    body.put("message", message == null ? code : message);
    return body;
  }
}
