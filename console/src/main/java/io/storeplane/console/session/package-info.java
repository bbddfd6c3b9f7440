/**
 * Signing in to the console and guarding its pages: the session cookie (an id whose hash the master
 * keeps), the CSRF token derived from it, the role checks, and refusals rendered as pages.
 */
package io.storeplane.console.session;
