package io.jobtrail.agents.command;

import io.jobtrail.agents.InvalidSettings;
import io.jobtrail.agents.StepDocument;
import io.jobtrail.application.port.out.AgentCall;
import io.jobtrail.application.port.out.AgentFailure;
import io.jobtrail.application.port.out.AgentRuntime;
import io.jobtrail.domain.job.AgentResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs the role's executable once per attempt: the step as JSON on stdin (see {@link
 * StepDocument}), the result as JSON on stdout (see {@link StepResults}), stderr lines into the
 * job's log as they come. Past the step timeout, or when the call is cancelled, the process and its
 * children are killed. A non-zero exit fails the attempt with the end of stderr; the exit statuses
 * in {@code fatalExitCodes} fail the job.
 *
 * <p>The process also gets {@code JOBTRAIL_JOB_ID}, {@code JOBTRAIL_STEP_ID}, {@code
 * JOBTRAIL_ATTEMPT}, {@code JOBTRAIL_ROLE} and {@code JOBTRAIL_IDEMPOTENCY_KEY} in its environment.
 */
public final class CommandAgent implements AgentRuntime {

  public static final String KIND = "command";

  private static final int MAX_STDOUT_BYTES = 16 * 1024 * 1024;
  private static final long PIPE_DRAIN_MS = 2_000;

  private final CommandPolicy policy;
  private final JsonMapper json;
  private final StepResults results;

  public CommandAgent(CommandPolicy policy, JsonMapper json) {
    this.policy = policy;
    this.json = json;
    this.results = new StepResults(json);
  }

  @Override
  public AgentResult run(AgentCall call) throws AgentFailure, InterruptedException {
    CommandSettings settings;
    try {
      settings = CommandSettings.of(call.spec().settings(), policy);
    } catch (InvalidSettings e) {
      throw e.asFailure(KIND);
    }
    Process process = start(call, settings);
    call.cancellation().onCancel(() -> ProcessTree.kill(process));
    try {
      return await(call, settings, process);
    } finally {
      if (process.isAlive() || process.descendants().findAny().isPresent()) {
        ProcessTree.kill(process);
      }
    }
  }

  private Process start(AgentCall call, CommandSettings settings) throws AgentFailure {
    var builder = new ProcessBuilder(settings.command());
    if (settings.workingDir() != null) {
      builder.directory(settings.workingDir().toFile());
    }
    var env = builder.environment();
    env.putAll(settings.env());
    env.put("JOBTRAIL_JOB_ID", call.jobId().toString());
    env.put("JOBTRAIL_STEP_ID", call.stepId().value());
    env.put("JOBTRAIL_ATTEMPT", String.valueOf(call.attempt()));
    env.put("JOBTRAIL_ROLE", call.role().name());
    env.put("JOBTRAIL_IDEMPOTENCY_KEY", call.idempotencyKey());
    try {
      return builder.start();
    } catch (IOException e) {
      throw AgentFailure.fatal(
          "cannot run " + settings.command().getFirst() + ": " + e.getMessage());
    }
  }

  private AgentResult await(AgentCall call, CommandSettings settings, Process process)
      throws AgentFailure, InterruptedException {
    byte[] input = json.writeValueAsBytes(StepDocument.of(call));
    var stdout = new ByteArrayOutputStream();
    var stderr = new StderrLines(process.getErrorStream(), call.log());
    Thread writer = Thread.ofVirtual().start(() -> writeAndClose(process.getOutputStream(), input));
    Thread reader = Thread.ofVirtual().start(() -> readAll(process.getInputStream(), stdout));
    Thread errors = Thread.ofVirtual().start(stderr);
    String executable = settings.command().getFirst();
    call.meter().environment("executable", executable);
    try {
      if (!process.waitFor(call.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
        ProcessTree.kill(process);
        errors.join(PIPE_DRAIN_MS);
        throw AgentFailure.timeout(
            executable
                + " ran past the step timeout of "
                + call.timeout().toMillis()
                + " ms and was killed"
                + stderrSuffix(stderr));
      }
      // A child that inherited the pipes may keep them open: wait a little, then end it.
      reader.join(PIPE_DRAIN_MS);
      errors.join(PIPE_DRAIN_MS);
      if (reader.isAlive() || errors.isAlive()) {
        ProcessTree.kill(process);
        reader.join(PIPE_DRAIN_MS);
        errors.join(PIPE_DRAIN_MS);
      }
    } catch (InterruptedException e) {
      ProcessTree.kill(process);
      throw e;
    } finally {
      writer.interrupt();
    }
    int exit = process.exitValue();
    call.meter().environment("exitStatus", exit);
    if (exit != 0) {
      String message = executable + " exited with status " + exit + stderrSuffix(stderr);
      throw settings.fatalExitCodes().contains(exit)
          ? AgentFailure.fatal(message)
          : AgentFailure.retryable(message);
    }
    if (stdout.size() > MAX_STDOUT_BYTES) {
      throw AgentFailure.retryable(
          executable + " wrote more than " + MAX_STDOUT_BYTES + " bytes on stdout");
    }
    return results.parse(call.role(), stdout.toString(StandardCharsets.UTF_8), call.meter());
  }

  private static String stderrSuffix(StderrLines stderr) {
    String tail = stderr.tail();
    return tail.isEmpty() ? "" : "; stderr:\n" + tail;
  }

  private static void writeAndClose(OutputStream stdin, byte[] input) {
    try (stdin) {
      stdin.write(input);
    } catch (IOException ignored) {
      // The command did not read its input (or exited first): its output says what happened.
    }
  }

  private static void readAll(InputStream in, ByteArrayOutputStream out) {
    byte[] buffer = new byte[8192];
    try (in) {
      int n;
      while ((n = in.read(buffer)) != -1) {
        if (out.size() <= MAX_STDOUT_BYTES) {
          out.write(buffer, 0, n);
        }
      }
    } catch (IOException closed) {
      // Killed: what was read is kept.
    }
  }
}
