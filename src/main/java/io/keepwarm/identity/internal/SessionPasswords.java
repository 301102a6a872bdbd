package io.keepwarm.identity.internal;

import io.keepwarm.platform.Hashes;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The note each signed-in session keeps of the password it was opened under (a digest of the stored hash, not the
 * hash). {@link SessionUserCheck} signs out a session whose note no longer matches, so a changed password ends every
 * session opened with the old one, except the one that changed it.
 */
@Component
public class SessionPasswords {

    private static final String NOTE = "keepwarm.password";

    private final JdbcClient jdbc;

    SessionPasswords(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Notes the password on the session a sign-in just opened: a session that waited for its first request until after
     * a change must not take the new password for its own.
     */
    void signedIn(HttpServletRequest request, String username) {
        jdbc.sql("SELECT password_hash FROM users WHERE username = ?").param(username).query(String.class).optional()
                .ifPresent(hash -> request.getSession().setAttribute(NOTE, Hashes.sha256(hash)));
    }

    /**
     * Whether the session was opened under this stored password. A session without a note (one opened before notes
     * were taken at sign-in) takes it now.
     */
    boolean opensWith(HttpSession session, String passwordHash) {
        String digest = Hashes.sha256(passwordHash);
        Object note = session.getAttribute(NOTE);
        if (note == null) {
            session.setAttribute(NOTE, digest);
            return true;
        }
        return digest.equals(note);
    }

    /** Notes a password just changed on the session making the change: that session alone stays signed in. */
    public void keepCurrentSession(String passwordHash) {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
            HttpSession session = attributes.getRequest().getSession(false);
            if (session != null) {
                session.setAttribute(NOTE, Hashes.sha256(passwordHash));
            }
        }
    }
}
