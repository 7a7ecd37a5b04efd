/** Demo customers, jobs and a short SMS history, so that a newcomer sees a working Kontrol at once. */
@org.springframework.modulith.ApplicationModule(displayName = "Demo data")
package com.kontrol.demo;
