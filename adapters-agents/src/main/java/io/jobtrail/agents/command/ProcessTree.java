package io.jobtrail.agents.command;

import java.util.List;

/** Ends a process and everything it started (a script's children would outlive it otherwise). */
final class ProcessTree {

  private ProcessTree() {}

  static void kill(Process process) {
    // Collect the children first: once the parent is gone they are no longer its descendants.
    List<ProcessHandle> descendants = process.descendants().toList();
    process.destroyForcibly();
    descendants.forEach(ProcessHandle::destroyForcibly);
  }
}
