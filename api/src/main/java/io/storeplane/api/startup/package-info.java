/** Start-up failures the launcher reports as one line with what to do, and exits on. */
package io.storeplane.api.startup;
