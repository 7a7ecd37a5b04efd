package com.kontrol.security;

import com.kontrol.web.ApiController;
import com.kontrol.web.FieldErrors;
import com.kontrol.web.InvalidInputException;
import java.security.Principal;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;

/** {@code /api/v1/users} (admins): the team's accounts. */
@ApiController
class UserApiController {

    record UserJson(
            String username,
            String name,
            String role,
            boolean enabled,
            String email,
            String mobile,
            boolean mobileVerified) {
        static UserJson of(UserAccount a) {
            return new UserJson(
                    a.username(),
                    a.displayName(),
                    a.role().code(),
                    a.enabled(),
                    a.email(),
                    a.mobile(),
                    a.mobile() != null && a.mobileVerified());
        }
    }

    record UserList(List<UserJson> users) {}

    record NewUser(String username, String name, String password, String role, String email, String mobile) {}

    record UserPatch(String name, String role, Boolean enabled, String email, String mobile) {}

    private final Users users;
    private final Team team;

    UserApiController(Users users, Team team) {
        this.users = users;
        this.team = team;
    }

    @GetMapping("/api/v1/users")
    UserList all() {
        return new UserList(users.all().stream().map(UserJson::of).toList());
    }

    @PostMapping("/api/v1/users")
    @ResponseStatus(HttpStatus.CREATED)
    UserJson add(@RequestBody NewUser body, Principal by) {
        var errors = new FieldErrors();
        var role = body.role() == null ? Role.STAFF : Team.role(body.role());
        var account = team.add(
                by.getName(), body.username(), body.name(), role, body.password(), body.email(), body.mobile(), errors);
        return UserJson.of(orRefuse(account, errors));
    }

    @PatchMapping("/api/v1/users/{username}")
    UserJson change(@PathVariable String username, @RequestBody UserPatch body, Principal by) {
        var errors = new FieldErrors();
        var account = team.change(
                by.getName(),
                username,
                new Team.Change(body.name(), Team.role(body.role()), body.enabled(), body.email(), body.mobile()),
                errors);
        return UserJson.of(orRefuse(account, errors));
    }

    /** Only an account that never acted; 409 otherwise (disable it instead). */
    @DeleteMapping("/api/v1/users/{username}")
    void delete(@PathVariable String username, Principal by) {
        team.delete(by.getName(), username);
    }

    static UserAccount orRefuse(UserAccount account, FieldErrors errors) {
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors.describe());
        }
        return account;
    }
}
