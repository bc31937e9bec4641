package io.jobtrail.persistence.orchestrator;

import static io.jobtrail.persistence.jooq.Tables.JOB_LOGS;
import static io.jobtrail.persistence.jooq.Tables.JOB_LOG_HEADS;

import io.jobtrail.application.log.JobLogEntry;
import io.jobtrail.application.log.LogLevel;
import io.jobtrail.application.log.LogLine;
import io.jobtrail.application.port.out.JobLogs;
import io.jobtrail.domain.job.JobId;
import io.jobtrail.persistence.jooq.tables.records.JobLogsRecord;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.jooq.DSLContext;

/**
 * Job logs in {@code job_logs}. An append moves the job's {@code job_log_heads} row forward by the
 * number of lines and inserts them under those numbers in one transaction: the row lock orders
 * concurrent appends to a job, so sequences have no gaps and commit in order.
 */
public final class JooqJobLogs implements JobLogs {

  private final DSLContext dsl;

  public JooqJobLogs(DSLContext dsl) {
    this.dsl = dsl;
  }

  @Override
  public List<JobLogEntry> append(JobId jobId, List<LogLine> lines) {
    if (lines.isEmpty()) {
      return List.of();
    }
    return dsl.transactionResult(
        tx -> {
          DSLContext db = tx.dsl();
          long last =
              db.insertInto(JOB_LOG_HEADS)
                  .set(JOB_LOG_HEADS.JOB_ID, jobId.value())
                  .set(JOB_LOG_HEADS.LAST_SEQUENCE, (long) lines.size())
                  .onConflict(JOB_LOG_HEADS.JOB_ID)
                  .doUpdate()
                  .set(
                      JOB_LOG_HEADS.LAST_SEQUENCE,
                      JOB_LOG_HEADS.LAST_SEQUENCE.plus((long) lines.size()))
                  .returning(JOB_LOG_HEADS.LAST_SEQUENCE)
                  .fetchSingle(JOB_LOG_HEADS.LAST_SEQUENCE);
          long first = last - lines.size() + 1;
          var entries = new ArrayList<JobLogEntry>(lines.size());
          var records = new ArrayList<JobLogsRecord>(lines.size());
          for (int i = 0; i < lines.size(); i++) {
            JobLogEntry entry = JobLogEntry.of(jobId, first + i, lines.get(i));
            entries.add(entry);
            records.add(toRecord(entry));
          }
          var insert = db.insertInto(JOB_LOGS).set(records.getFirst());
          for (JobLogsRecord record : records.subList(1, records.size())) {
            insert = insert.newRecord().set(record);
          }
          insert.execute();
          return entries;
        });
  }

  @Override
  public List<JobLogEntry> read(JobId jobId, long afterSequence, int limit) {
    return dsl.selectFrom(JOB_LOGS)
        .where(JOB_LOGS.JOB_ID.eq(jobId.value()))
        .and(JOB_LOGS.SEQUENCE.gt(afterSequence))
        .orderBy(JOB_LOGS.SEQUENCE)
        .limit(Math.max(0, limit))
        .fetch(JooqJobLogs::toEntry);
  }

  private static JobLogsRecord toRecord(JobLogEntry entry) {
    var record = new JobLogsRecord();
    record.setJobId(entry.jobId().value());
    record.setSequence(entry.sequence());
    record.setLoggedAt(entry.at().atOffset(ZoneOffset.UTC));
    record.setLevel(entry.level().name());
    record.setStepId(entry.stepId());
    record.setMessage(entry.message());
    record.setTraceId(entry.traceId());
    record.setSpanId(entry.spanId());
    record.setInstanceId(entry.instanceId());
    return record;
  }

  private static JobLogEntry toEntry(JobLogsRecord record) {
    return new JobLogEntry(
        new JobId(record.getJobId()),
        record.getSequence(),
        record.getLoggedAt().toInstant(),
        LogLevel.valueOf(record.getLevel()),
        record.getStepId(),
        record.getMessage(),
        record.getTraceId(),
        record.getSpanId(),
        record.getInstanceId());
  }
}
