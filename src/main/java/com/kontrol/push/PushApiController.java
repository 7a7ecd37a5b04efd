package com.kontrol.push;

import com.kontrol.web.ApiController;
import java.security.Principal;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.ResponseStatus;

/** {@code /api/v1/push}: the server's public key, and one's own devices. Everyone's own, whatever their role. */
@ApiController("/api/v1/push")
class PushApiController {

    private final PushDesk desk;
    private final PushKeys keys;

    PushApiController(PushDesk desk, PushKeys keys) {
        this.desk = desk;
        this.keys = keys;
    }

    @GetMapping("/public-key")
    Map<String, String> publicKey() {
        return Map.of("publicKey", keys.publicKey());
    }

    @PostMapping("/subscriptions")
    @ResponseStatus(HttpStatus.CREATED)
    Map<String, Long> subscribe(
            @RequestBody(required = false) PushDesk.Subscription body,
            @RequestHeader(value = HttpHeaders.USER_AGENT, required = false) String userAgent,
            Principal me) {
        return Map.of("id", desk.subscribe(me.getName(), body, userAgent));
    }

    record DeviceJson(long id, String device, String endpoint, OffsetDateTime createdAt, OffsetDateTime lastPushedAt) {
        static DeviceJson of(PushSubscriptions.Device d) {
            return new DeviceJson(d.id(), d.name(), d.endpoint(), d.createdAt(), d.lastPushedAt());
        }
    }

    @GetMapping("/subscriptions")
    Map<String, List<DeviceJson>> mine(Principal me) {
        return Map.of(
                "subscriptions",
                desk.mine(me.getName()).stream().map(DeviceJson::of).toList());
    }

    @DeleteMapping("/subscriptions/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void remove(@PathVariable long id, Principal me) {
        desk.remove(me.getName(), id);
    }
}
