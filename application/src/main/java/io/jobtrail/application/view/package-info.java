/**
 * The API's view of a job: records of its own, built from the recorded events and their envelopes,
 * so the GraphQL schema never follows a rename in the domain.
 */
@NullMarked
package io.jobtrail.application.view;

import org.jspecify.annotations.NullMarked;
