package io.jobtrail.application.readmodel;

/**
 * The order of the job list, always descending with the job id as the tie-break: newest created,
 * most recently updated, or longest first ({@code DURATION}: creation to end, so jobs that have not
 * ended come after every ended one).
 */
public enum JobSort {
  CREATED,
  UPDATED,
  DURATION
}
