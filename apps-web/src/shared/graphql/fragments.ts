// Fragments shared by every page that shows a job. Types come from the generated module.
import { graphql } from './generated';

export const ATTEMPT_FIELDS = graphql(`
  fragment AttemptFields on Attempt {
    number
    status
    startedAt
    endedAt
    durationMs
    input
    output
    error
    failureKind
    retryAt
    retryWaitMs
    eventVersions
    traceId
    spanId
    instanceId
    userId
    copied
    reusedFrom {
      jobId
      version
    }
    usage {
      model
      parameters
      promptTokens
      completionTokens
      totalTokens
      costUsd
      agentTimeMs
    }
    environment
  }
`);

export const STEP_FIELDS = graphql(`
  fragment StepFields on Step {
    id
    role
    iteration
    status
    startedAt
    endedAt
    wallTimeMs
    retryAt
    attempts {
      ...AttemptFields
    }
  }
`);

export const JOB_FIELDS = graphql(`
  fragment JobFields on Job {
    id
    name
    task
    parameters
    status
    progress
    currentStep
    version
    createdBy
    createdAt
    updatedAt
    startedAt
    endedAt
    durationMs
    plan
    iteration
    artifact
    lastFeedback
    failureReason
    pauseReason
    cancelReason
    agents {
      planner {
        kind
        settings
      }
      coder {
        kind
        settings
      }
      critique {
        kind
        settings
      }
    }
    limits {
      maxIterations
      maxAttempts
      stepTimeoutMs
      backoffInitialMs
      backoffMaxMs
      maxTotalTokens
      maxCostUsd
      onBudgetExceeded
    }
    usage {
      promptTokens
      completionTokens
      totalTokens
      costUsd
      agentTimeMs
      calls
      unpricedCalls
    }
    reused {
      totalTokens
      costUsd
      agentTimeMs
      calls
    }
    reusedSteps
    replayOf {
      jobId
      version
      overrides
      reuse
      job {
        id
        name
        status
      }
    }
    steps {
      ...StepFields
    }
    pauses {
      startedAt
      endedAt
      reason
      userId
    }
    approval {
      afterPlan
      beforeComplete
      timeoutMs
      onTimeout
    }
    approvals {
      gate
      stepId
      subject
      requestedAt
      requestedBy
      deadline
      status
      decidedBy
      comment
      decidedAt
      timedOut
      copied
    }
  }
`);

export const EVENT_FIELDS = graphql(`
  fragment EventFields on JobEvent {
    id
    jobId
    eventType
    eventData
    timestamp
    sequence
    position
    cursor
    metadata {
      traceId
      spanId
      userId
      version
      causationId
      correlationId
      instanceId
      copiedFrom {
        jobId
        version
      }
    }
  }
`);
