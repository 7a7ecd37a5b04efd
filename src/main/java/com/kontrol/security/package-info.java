/** Staff accounts, login, and the key that encrypts stored secrets. */
@org.springframework.modulith.ApplicationModule(displayName = "Security")
package com.kontrol.security;
