package io.keepwarm.identity.internal;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Holds a logged-in session to the user's current state on every request: a user disabled or deleted since
 * logging in is logged out at once, as is every session of a user whose password changed since (someone who had
 * the old one keeps nothing), and a changed role takes effect at once, not when the session expires.
 */
class SessionUserCheck extends OncePerRequestFilter {

    private record Account(String role, boolean enabled, String passwordHash) {}

    private final JdbcClient jdbc;
    private final SessionPasswords passwords;

    SessionUserCheck(JdbcClient jdbc, SessionPasswords passwords) {
        this.jdbc = jdbc;
        this.passwords = passwords;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth != null && auth.getPrincipal() instanceof UserDetails user) {
            Optional<Account> account = jdbc.sql("SELECT role, enabled, password_hash FROM users WHERE username = ?")
                    .param(user.getUsername())
                    .query(Account.class)
                    .optional();
            HttpSession current = request.getSession(false);
            boolean passwordChanged = current != null && account.isPresent()
                    && !passwords.opensWith(current, account.get().passwordHash());
            if (account.isEmpty() || !account.get().enabled() || passwordChanged) {
                SecurityContextHolder.clearContext();
                HttpSession session = request.getSession(false);
                if (session != null) {
                    session.invalidate();
                }
            } else {
                List<GrantedAuthority> role = List.of(new SimpleGrantedAuthority("ROLE_" + account.get().role()));
                if (!role.equals(List.copyOf(auth.getAuthorities()))) {
                    var context = SecurityContextHolder.createEmptyContext();
                    context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(user, null, role));
                    SecurityContextHolder.setContext(context);
                }
            }
        }
        chain.doFilter(request, response);
    }
}
