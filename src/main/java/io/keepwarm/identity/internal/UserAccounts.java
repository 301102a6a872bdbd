package io.keepwarm.identity.internal;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Component;

/** Loads users for form login. */
@Component
class UserAccounts implements UserDetailsService {

    private record Account(String username, String passwordHash, String role, boolean enabled) {}

    private final JdbcClient jdbc;

    UserAccounts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The account of this name whatever its case, under its name as stored: the session, the audit log and every
     * look-up after sign-in see "alice" however she typed it.
     */
    @Override
    public UserDetails loadUserByUsername(String username) {
        Account account = jdbc.sql(
                        "SELECT username, password_hash, role, enabled FROM users WHERE LOWER(username) = LOWER(?)")
                .param(username)
                .query(Account.class)
                .optional()
                .orElseThrow(() -> new UsernameNotFoundException("no such user"));
        return User.withUsername(account.username())
                .password(account.passwordHash())
                .roles(account.role())
                .disabled(!account.enabled())
                .build();
    }
}
