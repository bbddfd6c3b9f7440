/**
 * What every console page shares beyond the session: recording its changes in the audit log, and
 * the rules of form fields several pages ask for.
 */
package io.storeplane.console.page;
