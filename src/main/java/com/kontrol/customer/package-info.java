/** Customers and their phone numbers: the list, the detail page's Overview, and the customer API. */
@org.springframework.modulith.ApplicationModule(displayName = "Customers")
package com.kontrol.customer;
