/** Phone numbers as E.164 values, parsed from whatever people type with Google's libphonenumber. */
@org.springframework.modulith.ApplicationModule(displayName = "Phone numbers")
package com.kontrol.phone;
