package io.keepwarm.identity.web;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.keepwarm.identity.Role;
import io.keepwarm.identity.User;
import io.keepwarm.identity.Users;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The signed-in person's own account: who they are, their password, and (for a rep) whether they are away. Role,
 * weight and manager stay the admin's to set.
 */
@RestController
@RequestMapping("/api/v1/me")
class MeController {

    /** Who is signed in, as they may see themself. */
    record Me(long id, String username, String displayName, String email, Role role, boolean away, int weight,
            Long managerId, String jobTitle, String phone) {

        static Me of(User user) {
            return new Me(user.id(), user.username(), user.displayName(), user.email(), user.role(), user.away(),
                    user.weight(), user.managerId(), user.jobTitle(), user.phone());
        }
    }

    /**
     * Away (a rep's), the job title and the phone number are the person's own to change (null: as it is; a blank title
     * or phone: none); any other field is refused as unknown.
     */
    record MeChange(Boolean away, String jobTitle, String phone) {}

    record PasswordChange(String current, @JsonProperty("new") String next) {}

    private final Users users;

    MeController(Users users) {
        this.users = users;
    }

    @GetMapping
    Me me() {
        return Me.of(users.me());
    }

    @PatchMapping
    Me change(@RequestBody MeChange change) {
        return Me.of(users.changeOwn(change.away(), change.jobTitle(), change.phone()));
    }

    @PostMapping("/password")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void changePassword(@RequestBody PasswordChange change, HttpServletRequest request) {
        users.changeOwnPassword(change.current(), change.next(), request.getRemoteAddr());
    }
}
