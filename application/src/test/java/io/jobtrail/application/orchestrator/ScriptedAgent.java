package io.jobtrail.application.orchestrator;

import io.jobtrail.application.port.out.AgentCall;
import io.jobtrail.application.port.out.AgentFailure;
import io.jobtrail.application.port.out.AgentRuntime;
import io.jobtrail.domain.job.AgentResult;
import io.jobtrail.domain.job.AgentRole;
import io.jobtrail.domain.job.Verdict;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A test double for the agent port: each role answers from a script of behaviours (one per call,
 * the last repeating), and every call is recorded. By default the planner plans, the coder codes
 * and the critique approves. The real agents live in adapters-agents.
 */
final class ScriptedAgent implements AgentRuntime {

  /** What one call does. */
  @FunctionalInterface
  interface Behaviour {
    AgentResult answer(AgentCall call) throws AgentFailure, InterruptedException;
  }

  private final Map<AgentRole, Deque<Behaviour>> scripts = new EnumMap<>(AgentRole.class);
  private final List<AgentCall> calls = new ArrayList<>();

  ScriptedAgent() {
    script(AgentRole.PLANNER, plan());
    script(AgentRole.CODER, code());
    script(AgentRole.CRITIQUE, verdict(Verdict.APPROVED, "looks good"));
  }

  /** Replaces the role's script: calls take these behaviours in turn, then repeat the last. */
  synchronized ScriptedAgent script(AgentRole role, Behaviour... behaviours) {
    scripts.put(role, new ArrayDeque<>(List.of(behaviours)));
    return this;
  }

  @Override
  public AgentResult run(AgentCall call) throws AgentFailure, InterruptedException {
    Behaviour behaviour;
    synchronized (this) {
      calls.add(call);
      Deque<Behaviour> script = scripts.get(call.role());
      behaviour = script.size() > 1 ? script.removeFirst() : script.getFirst();
    }
    call.log().info(call.role() + " attempt " + call.attempt() + " of " + call.stepId());
    return behaviour.answer(call);
  }

  synchronized List<AgentCall> calls() {
    return List.copyOf(calls);
  }

  synchronized List<AgentCall> calls(AgentRole role) {
    return calls.stream().filter(c -> c.role() == role).toList();
  }

  static Behaviour plan() {
    return call -> new AgentResult.Plan("plan for: " + call.input().task());
  }

  static Behaviour code() {
    return call -> new AgentResult.Artifact("artifact of iteration " + call.input().iteration());
  }

  static Behaviour verdict(Verdict verdict, String feedback) {
    return call -> new AgentResult.Review(verdict, feedback);
  }

  static Behaviour failing(AgentFailure failure) {
    return call -> {
      throw failure;
    };
  }

  /**
   * Signals {@code started}, then waits for an interrupt (or 30 s); counts the interrupt in {@code
   * interrupted}.
   */
  static Behaviour blockUntilInterrupted(CountDownLatch started, CountDownLatch interrupted) {
    return call -> {
      started.countDown();
      try {
        Thread.sleep(30_000);
      } catch (InterruptedException e) {
        interrupted.countDown();
        throw e;
      }
      throw AgentFailure.retryable("was never interrupted");
    };
  }

  /** Signals {@code started}, waits (ignoring no interrupt) for {@code proceed}, then answers. */
  static Behaviour waitFor(CountDownLatch started, CountDownLatch proceed, Behaviour then) {
    return call -> {
      started.countDown();
      if (!proceed.await(30, TimeUnit.SECONDS)) {
        throw AgentFailure.retryable("was never let go");
      }
      return then.answer(call);
    };
  }
}
