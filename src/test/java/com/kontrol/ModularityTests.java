package com.kontrol;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

/** The modules depend on each other only through their public types, and without cycles. */
class ModularityTests {

    @Test
    void modulesAreWellFormed() {
        ApplicationModules.of(Kontrol.class).verify();
    }
}
