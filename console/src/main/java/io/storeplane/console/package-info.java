/**
 * The admin console: server-rendered pages under {@code /console}. {@code session} signs people in
 * and guards every page and form; {@code page} is the frame every page shares (its errors, its
 * audit); each other package is one feature's pages, calling the same services as the REST
 * resources.
 */
package io.storeplane.console;
