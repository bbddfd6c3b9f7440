/** What the traffic port says about this instance's health: readiness status only. */
package io.storeplane.api.health;
