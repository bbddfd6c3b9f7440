/** The one shape of a paged listing in the API, shared by every resource that pages. */
package io.storeplane.api.page;
