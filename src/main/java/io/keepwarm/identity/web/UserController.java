package io.keepwarm.identity.web;

import io.keepwarm.identity.Role;
import io.keepwarm.identity.User;
import io.keepwarm.identity.Users;
import io.keepwarm.platform.Cursor;
import io.keepwarm.platform.NotFoundException;
import io.keepwarm.platform.Page;
import io.keepwarm.platform.web.BodyAsRead;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Size;
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

    /** Changes to a user; a sales rep's away, weight (0-100) and managerId (0 removes the manager) among them. */
    record UserChangeRequest(@Size(min = 1, max = 200) String displayName, @Email @Size(max = 254) String email,
            Role role, Boolean enabled, @Size(min = 12, max = 200) String password, Boolean away, Integer weight,
            Long managerId) {}

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
    User change(@PathVariable long id, @Valid @RequestBody UserChangeRequest request) {
        return users.change(id, new Users.UserChange(request.displayName(), request.email(), request.role(),
                request.enabled(), request.password(), request.away(), request.weight(), request.managerId()));
    }
}
