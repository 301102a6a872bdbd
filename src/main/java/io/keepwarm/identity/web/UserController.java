package io.keepwarm.identity.web;

import io.keepwarm.identity.Role;
import io.keepwarm.identity.User;
import io.keepwarm.identity.Users;
import io.keepwarm.platform.Cursor;
import io.keepwarm.platform.NotFoundException;
import io.keepwarm.platform.Page;
import io.keepwarm.platform.web.BodyAsRead;
import java.net.URI;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Users and their roles. */
@RestController
@RequestMapping("/api/v1/users")
class UserController {

    /** A new user: checked by {@link Users#create} as a whole, a name another user has among its mistakes. */
    record NewUserRequest(String username, String displayName, String email, Role role, String password) {

        Users.NewUser user() {
            return new Users.NewUser(username, displayName, email, role, password);
        }
    }

    /**
     * Changes to a user; a sales rep's away, weight (0-100) and managerId (0 removes the manager) among them. Checked by
     * {@link Users#change} as a whole.
     */
    record UserChangeRequest(String displayName, String email, Role role, Boolean enabled, String password, Boolean away,
            Integer weight, Long managerId) {

        Users.UserChange change() {
            return new Users.UserChange(displayName, email, role, enabled, password, away, weight, managerId);
        }
    }

    private final Users users;

    UserController(Users users) {
        this.users = users;
    }

    @GetMapping
    Page<User> list(@RequestParam(required = false) String cursor,
            @RequestParam(required = false) Integer limit) {
        return users.page(cursor, Cursor.limit(limit));
    }

    @GetMapping("/{id}")
    User one(@PathVariable long id) {
        return users.find(id).orElseThrow(() -> NotFoundException.of("User", id));
    }

    @PostMapping
    ResponseEntity<User> create(@RequestBody BodyAsRead<NewUserRequest> body) {
        User user = users.create(body.checked(request -> users.problems(request.user())).user());
        return ResponseEntity.created(URI.create("/api/v1/users/" + user.id())).body(user);
    }

    @PatchMapping("/{id}")
    User change(@PathVariable long id, @RequestBody BodyAsRead<UserChangeRequest> body) {
        return users.change(id, body.checked(request -> users.problems(id, request.change())).change());
    }
}
