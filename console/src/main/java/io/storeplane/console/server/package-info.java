/** The database servers page: managed servers with their capacity, registered and drained. */
package io.storeplane.console.server;
