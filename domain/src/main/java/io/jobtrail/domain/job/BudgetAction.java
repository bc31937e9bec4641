package io.jobtrail.domain.job;

/** What a job does when an attempt takes it over one of its budgets. */
public enum BudgetAction {
  /** The job fails, with a reason that names the budget. */
  FAIL,
  /** The job pauses, with a reason that names the budget; an operator may resume it. */
  PAUSE
}
