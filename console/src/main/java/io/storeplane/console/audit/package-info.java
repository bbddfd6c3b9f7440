/** The audit log page, and the audit rows a console page shows. */
package io.storeplane.console.audit;
