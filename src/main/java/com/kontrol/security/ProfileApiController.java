package com.kontrol.security;

import com.kontrol.security.UserApiController.UserJson;
import com.kontrol.web.ApiController;
import com.kontrol.web.FieldErrors;
import java.security.Principal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;

/**
 * {@code /api/v1/profile} (any account, its own): {@code PUT …/mobile} {@code {"mobile"}} sets one's mobile and texts
 * it a code ({@code "mobileVerified": false} until {@code POST …/mobile/verify} {@code {"code"}}); an empty mobile
 * removes it.
 */
@ApiController
class ProfileApiController {

    record MobileBody(String mobile) {}

    record CodeBody(String code) {}

    private final Team team;
    private final StaffMobiles mobiles;

    ProfileApiController(Team team, StaffMobiles mobiles) {
        this.team = team;
        this.mobiles = mobiles;
    }

    @PutMapping("/api/v1/profile/mobile")
    UserJson mobile(@RequestBody MobileBody body, Principal me) {
        var errors = new FieldErrors();
        var mobile = body.mobile() == null ? "" : body.mobile();
        var account = team.change(me.getName(), me.getName(), new Team.Change(null, null, null, null, mobile), errors);
        return UserJson.of(UserApiController.orRefuse(account, errors));
    }

    @PostMapping("/api/v1/profile/mobile/verify")
    UserJson verify(@RequestBody CodeBody body, Principal me) {
        return UserJson.of(mobiles.verify(me.getName(), body.code()));
    }

    @PostMapping("/api/v1/profile/mobile/code")
    UserJson newCode(Principal me) {
        mobiles.textNewCode(me.getName());
        return UserJson.of(team.get(me.getName()));
    }
}
