package com.kontrol.messaging.retention;

import com.kontrol.web.ApiController;
import java.security.Principal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;

/**
 * {@code GET/PUT /api/v1/settings/retention} ({@code {"days": 90, "deleteAtTwilio": true}}, days null: keep for good)
 * and {@code POST /api/v1/settings/retention/run} (apply it now); admins only, like every {@code /api/v1/settings}.
 */
@ApiController
class RetentionApiController {

    record RuleJson(Integer days, boolean deleteAtTwilio) {}

    record RunJson(int redacted, int deletedAtTwilio, int notYetDeletableAtTwilio) {}

    private final DataRetention retention;

    RetentionApiController(DataRetention retention) {
        this.retention = retention;
    }

    @GetMapping("/api/v1/settings/retention")
    RuleJson rule() {
        var rule = retention.rule();
        return new RuleJson(rule.days(), rule.deleteAtProvider());
    }

    @PutMapping("/api/v1/settings/retention")
    RuleJson save(@RequestBody RuleJson body, Principal user) {
        retention.save(body.days(), body.deleteAtTwilio(), user.getName());
        return rule();
    }

    @PostMapping("/api/v1/settings/retention/run")
    RunJson run(Principal user) {
        var run = retention.runNow(user.getName());
        return new RunJson(run.redacted(), run.deletedAtProvider(), run.notYetAtProvider());
    }
}
