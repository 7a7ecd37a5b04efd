/**
 * Live pages over Server-Sent Events: listens to messaging's events and pushes the same fragment a page load renders.
 * With several instances on one PostgreSQL, each change goes round every instance through LISTEN/NOTIFY.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Live updates")
package com.kontrol.live;
