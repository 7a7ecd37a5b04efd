/** What every page and API shares: the public URL, error answers, the layout's model. */
@org.springframework.modulith.ApplicationModule(displayName = "Web")
package com.kontrol.web;
