package io.jobtrail.agents.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.jobtrail.agents.Calls;
import io.jobtrail.application.port.out.AgentCall;
import io.jobtrail.application.port.out.AgentFailure;
import io.jobtrail.domain.job.AgentResult;
import io.jobtrail.domain.job.AgentRole;
import io.jobtrail.domain.job.AgentSpec;
import io.jobtrail.domain.job.FailureKind;
import io.jobtrail.domain.job.Verdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

class CommandAgentTest {

  @TempDir Path dir;

  private final JsonMapper json = JsonMapper.builder().build();
  private CommandAgent agent;

  @BeforeEach
  void allowTheTestScripts() {
    agent = new CommandAgent(CommandPolicy.allowing(List.of(dir + "/")), json);
  }

  private Path script(String name, String body) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
    return file;
  }

  private static AgentSpec command(Path script, Object... more) {
    var settings = new java.util.HashMap<String, Object>();
    settings.put("command", List.of(script.toString()));
    for (int i = 0; i < more.length; i += 2) {
      settings.put((String) more[i], more[i + 1]);
    }
    return new AgentSpec("command", settings);
  }

  private static AgentCall call(AgentRole role, AgentSpec spec, Duration timeout, Calls.Lines log) {
    return Calls.call(role, 1, 2, spec, Map.of("lang", "java"), timeout, log);
  }

  @Test
  void givenScriptThatSucceeds_whenRun_thenItGetsTheStepOnStdinAndItsStdoutIsTheResult()
      throws Exception {
    Path input = dir.resolve("input.json");
    Path coder =
        script(
            "coder.sh",
            "cat > "
                + input
                + "\n"
                + "echo \"reading the plan\" >&2\n"
                + "echo \"WARN no tests yet\" >&2\n"
                + "printf '{\"artifact\": \"code for %s, key %s\"}' \"$JOBTRAIL_STEP_ID\" \"$JOBTRAIL_IDEMPOTENCY_KEY\"");
    var log = new Calls.Lines();

    AgentResult result =
        agent.run(call(AgentRole.CODER, command(coder), Duration.ofSeconds(10), log));

    assertThat(result)
        .isEqualTo(new AgentResult.Artifact("code for code-1, key " + Calls.JOB + "/code-1/2"));
    assertThat(log.lines()).containsExactly("INFO reading the plan", "WARN WARN no tests yet");
    @SuppressWarnings("unchecked")
    Map<String, Object> stdin = json.readValue(Files.readString(input), Map.class);
    assertThat(stdin)
        .containsEntry("jobId", Calls.JOB.toString())
        .containsEntry("stepId", "code-1")
        .containsEntry("role", "CODER")
        .containsEntry("attempt", 2)
        .containsEntry("iteration", 1)
        .containsEntry("task", "reverse a string")
        .containsEntry("plan", "1. write it")
        .containsEntry("parameters", Map.of("lang", "java"))
        .containsEntry("idempotencyKey", Calls.JOB + "/code-1/2")
        .containsKey("feedback");
  }

  @Test
  void givenCritiqueScript_whenItAnswersAfterOtherOutput_thenTheLastLineIsTheVerdict()
      throws Exception {
    Path critique =
        script(
            "critique.sh",
            "cat > /dev/null\necho 'thinking...'\necho '{\"verdict\": \"changes requested\", \"feedback\": \"add tests\"}'");

    AgentResult result =
        agent.run(
            call(AgentRole.CRITIQUE, command(critique), Duration.ofSeconds(10), new Calls.Lines()));

    assertThat(result).isEqualTo(new AgentResult.Review(Verdict.CHANGES_REQUESTED, "add tests"));
  }

  @Test
  void givenScriptThatRunsTooLong_whenTheTimeoutPasses_thenItAndItsChildrenAreKilled()
      throws Exception {
    Path pidFile = dir.resolve("child.pid");
    Path slow =
        script("slow.sh", "sleep 30 &\necho $! > " + pidFile + "\necho 'started' >&2\nwait");

    long started = System.nanoTime();
    var failure =
        catchThrowableOfType(
            AgentFailure.class,
            () ->
                agent.run(
                    call(
                        AgentRole.CODER,
                        command(slow),
                        Duration.ofMillis(500),
                        new Calls.Lines())));
    long tookMs = (System.nanoTime() - started) / 1_000_000;

    assertThat(failure.kind()).isEqualTo(FailureKind.TIMEOUT);
    assertThat(failure.getMessage())
        .startsWith(slow + " ran past the step timeout of 500 ms and was killed")
        .endsWith("stderr:\nstarted");
    assertThat(tookMs).isLessThan(5_000);
    assertGone(Long.parseLong(Files.readString(pidFile).strip()));
  }

  @Test
  void givenScriptThatReportsUsage_whenRun_thenTheMeterHasItAndTheEnvironmentTheExecutable()
      throws Exception {
    Path coder =
        script(
            "coder.sh",
            "cat > /dev/null\necho '{\"artifact\": \"x\", \"usage\": {\"model\": \"llama-3-8b\", \"promptTokens\": 120, \"completionTokens\": 30, \"parameters\": {\"temperature\": 0.1}}}'");
    AgentCall call =
        call(AgentRole.CODER, command(coder), Duration.ofSeconds(10), new Calls.Lines());

    assertThat(agent.run(call)).isEqualTo(new AgentResult.Artifact("x"));

    var usage = call.meter().usage(5);
    assertThat(usage.model()).isEqualTo("llama-3-8b");
    assertThat(usage.tokens())
        .isEqualTo(new io.jobtrail.domain.job.AgentUsage.Tokens(120, 30, 150));
    assertThat(usage.parameters()).containsEntry("temperature", 0.1);
    assertThat(call.meter().environment())
        .containsEntry("executable", coder.toString())
        .containsEntry("exitStatus", 0L);
  }

  @Test
  void givenScriptThatReportsMalformedUsage_whenRun_thenTheAttemptFailsNamingTheMember()
      throws Exception {
    Path coder =
        script(
            "coder.sh",
            "cat > /dev/null\necho '{\"artifact\": \"x\", \"usage\": {\"promptTokens\": \"many\"}}'");

    var failure =
        catchThrowableOfType(
            AgentFailure.class,
            () ->
                agent.run(
                    call(
                        AgentRole.CODER,
                        command(coder),
                        Duration.ofSeconds(10),
                        new Calls.Lines())));

    assertThat(failure.getMessage()).contains("usage.promptTokens");
  }

  @Test
  void givenScriptThatExitsNonZero_whenRun_thenTheEnvironmentHasItsExitStatus() throws Exception {
    Path broken = script("broken.sh", "cat > /dev/null\nexit 4");
    AgentCall call =
        call(AgentRole.CODER, command(broken), Duration.ofSeconds(10), new Calls.Lines());

    catchThrowableOfType(AgentFailure.class, () -> agent.run(call));

    assertThat(call.meter().environment()).containsEntry("exitStatus", 4L);
    assertThat(call.meter().usage(1).tokens()).isNull();
  }

  @Test
  void givenScriptThatExitsNonZero_whenRun_thenTheAttemptFailsWithTheEndOfStderr()
      throws Exception {
    Path broken =
        script(
            "broken.sh",
            "cat > /dev/null\nfor i in $(seq 1 30); do echo \"line $i\" >&2; done\necho 'ERROR compiler crashed' >&2\nexit 3");
    var log = new Calls.Lines();

    var failure =
        catchThrowableOfType(
            AgentFailure.class,
            () -> agent.run(call(AgentRole.CODER, command(broken), Duration.ofSeconds(10), log)));

    assertThat(failure.kind()).isEqualTo(FailureKind.ERROR);
    assertThat(failure.getMessage())
        .startsWith(broken + " exited with status 3; stderr:\nline 12\n")
        .endsWith("line 30\nERROR compiler crashed");
    assertThat(log.lines()).hasSize(31).last().isEqualTo("ERROR ERROR compiler crashed");
  }

  @Test
  void givenFatalExitCode_whenTheScriptExitsWithIt_thenTheFailureIsFatal() throws Exception {
    Path refuses = script("refuses.sh", "echo 'no such model' >&2\nexit 3");

    var failure =
        catchThrowableOfType(
            AgentFailure.class,
            () ->
                agent.run(
                    call(
                        AgentRole.PLANNER,
                        command(refuses, "fatalExitCodes", List.of(3)),
                        Duration.ofSeconds(10),
                        new Calls.Lines())));

    assertThat(failure.kind()).isEqualTo(FailureKind.FATAL);
  }

  @Test
  void givenScriptWithEnvAndWorkingDir_whenRun_thenBothAreApplied() throws Exception {
    Path work = Files.createDirectory(dir.resolve("work"));
    Path planner =
        script(
            "planner.sh",
            "cat > /dev/null\nprintf '{\"plan\": \"%s in %s\"}' \"$GREETING\" \"$(pwd)\"");

    AgentResult result =
        agent.run(
            call(
                AgentRole.PLANNER,
                command(planner, "env", Map.of("GREETING", "hello"), "workingDir", work.toString()),
                Duration.ofSeconds(10),
                new Calls.Lines()));

    assertThat(result).isEqualTo(new AgentResult.Plan("hello in " + work.toRealPath()));
  }

  @Test
  void givenRunningScript_whenItsThreadIsInterrupted_thenTheProcessIsKilledAtOnce()
      throws Exception {
    Path pidFile = dir.resolve("self.pid");
    Path waits = script("waits.sh", "echo $$ > " + pidFile + "\nsleep 30");
    var outcome = new AtomicReference<Throwable>();
    Thread thread =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    agent.run(
                        call(
                            AgentRole.CODER,
                            command(waits),
                            Duration.ofSeconds(30),
                            new Calls.Lines()));
                  } catch (Throwable t) {
                    outcome.set(t);
                  }
                });
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (!Files.exists(pidFile) || Files.readString(pidFile).isBlank()) {
      assertThat(System.nanoTime()).isLessThan(deadline);
      Thread.sleep(10);
    }

    thread.interrupt();
    thread.join(2_000);

    assertThat(outcome.get()).isInstanceOf(InterruptedException.class);
    assertGone(Long.parseLong(Files.readString(pidFile).strip()));
  }

  @Test
  void givenScriptThatPrintsNoJson_whenRun_thenTheAttemptFails() throws Exception {
    Path chatty = script("chatty.sh", "echo 'here is your plan: do it'");

    var failure =
        catchThrowableOfType(
            AgentFailure.class,
            () ->
                agent.run(
                    call(
                        AgentRole.PLANNER,
                        command(chatty),
                        Duration.ofSeconds(10),
                        new Calls.Lines())));

    assertThat(failure.kind()).isEqualTo(FailureKind.ERROR);
    assertThat(failure.getMessage())
        .isEqualTo("the command's stdout is not a JSON object: here is your plan: do it");
  }

  @Test
  void givenExecutableOutsideTheAllowedOnes_whenRun_thenTheJobFailsWithoutRunningIt() {
    var failure =
        catchThrowableOfType(
            AgentFailure.class,
            () ->
                agent.run(
                    call(
                        AgentRole.PLANNER,
                        new AgentSpec(
                            "command", Map.of("command", List.of("/bin/sh", "-c", "echo hi"))),
                        Duration.ofSeconds(10),
                        new Calls.Lines())));

    assertThat(failure.kind()).isEqualTo(FailureKind.FATAL);
    assertThat(failure.getMessage()).contains("/bin/sh is not an allowed executable");
  }

  @Test
  void givenEnvironmentThatInjectsCode_whenRun_thenTheJobFailsWithoutRunningIt() throws Exception {
    Path planner = script("planner.sh", "echo '{\"plan\": \"p\"}'");

    var failure =
        catchThrowableOfType(
            AgentFailure.class,
            () ->
                agent.run(
                    call(
                        AgentRole.PLANNER,
                        command(planner, "env", Map.of("LD_PRELOAD", "/tmp/evil.so")),
                        Duration.ofSeconds(10),
                        new Calls.Lines())));

    assertThat(failure.kind()).isEqualTo(FailureKind.FATAL);
    assertThat(failure.getMessage()).endsWith("env may not set LD_PRELOAD");
  }

  @Test
  void givenDefaultPolicy_whenAnyCommandIsAsked_thenNothingRuns() throws Exception {
    Path planner = script("planner.sh", "echo '{\"plan\": \"p\"}'");
    var locked = new CommandAgent(CommandPolicy.NONE, json);

    var failure =
        catchThrowableOfType(
            AgentFailure.class,
            () ->
                locked.run(
                    call(
                        AgentRole.PLANNER,
                        command(planner),
                        Duration.ofSeconds(10),
                        new Calls.Lines())));

    assertThat(failure.kind()).isEqualTo(FailureKind.FATAL);
  }

  /** SIGKILL is delivered asynchronously: the process must be gone (or a zombie) within 2 s. */
  private static void assertGone(long pid) throws Exception {
    long deadline = System.nanoTime() + 2_000_000_000L;
    while (running(pid)) {
      assertThat(System.nanoTime()).as("process " + pid + " still runs").isLessThan(deadline);
      Thread.sleep(10);
    }
  }

  private static boolean running(long pid) throws IOException {
    Path stat = Path.of("/proc/" + pid + "/stat");
    if (!Files.exists(stat)) {
      return false;
    }
    String text = Files.readString(stat);
    // The state follows the command name in parentheses: Z is a zombie, X dead.
    char state = text.charAt(text.lastIndexOf(')') + 2);
    return state != 'Z' && state != 'X';
  }
}
