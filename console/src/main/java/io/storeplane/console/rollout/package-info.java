/**
 * The fleet's rollouts in the console: the list, a rollout's page kept live through the console's
 * own event stream (pause, resume, cancel, retry failed), and starting one after a preflight. The
 * pages call the fleet's services ({@code Rollouts}, {@code RolloutPreflight}, {@code
 * RolloutStreams}), as {@code /api/v1/rollouts} does.
 */
package io.storeplane.console.rollout;
