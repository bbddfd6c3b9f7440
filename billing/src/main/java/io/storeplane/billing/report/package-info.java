/**
 * Usage and business-intelligence reads (issue 17, part 5): a store's usage rows by day or month
 * ({@link io.storeplane.billing.report.UsageReads}), how near it is to each limit of its plan
 * ({@link io.storeplane.billing.report.StoreLimits}), and the reports answered from the tables of
 * master V8 ({@link io.storeplane.billing.report.ReportTables}), which the recurring job kind
 * {@link io.storeplane.billing.report.UsageReportsKind} refreshes. The SQL classes take a JDBC
 * {@link java.sql.Connection} and know no framework, so the bench module measures the same code;
 * {@link io.storeplane.billing.report.UsageReports} is their CDI face.
 */
package io.storeplane.billing.report;
