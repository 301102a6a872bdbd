package io.keepwarm.identity;

import com.nulabinc.zxcvbn.Strength;
import com.nulabinc.zxcvbn.Zxcvbn;

import io.keepwarm.platform.Cursor;
import io.keepwarm.platform.Page;
import io.keepwarm.platform.Timestamps;
import io.keepwarm.audit.AuditLog;
import io.keepwarm.platform.Actors;
import io.keepwarm.platform.ConflictException;
import io.keepwarm.platform.ForbiddenException;
import io.keepwarm.platform.InvalidInputException;
import io.keepwarm.platform.NotFoundException;
import io.keepwarm.platform.TooManyAttemptsException;
import io.keepwarm.platform.InvalidInputException.FieldError;
import io.keepwarm.identity.internal.SessionPasswords;
import io.keepwarm.identity.internal.SignInThrottle;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The people who use Keepwarm and their roles. */
@Service
public class Users {

    /**
     * The least zxcvbn score a password needs (0 to 4): 3 is "safely unguessable", which common passwords, repeats,
     * sequences and the user's own name with digits do not reach.
     */
    private static final int MIN_STRENGTH = 3;
    /** Reads its lists once; measuring is safe from many threads at once. */
    private static final Zxcvbn STRENGTH = new Zxcvbn();

    /** A new user; the password is hashed at once and never stored as given. */
    public record NewUser(String username, String displayName, String email, Role role, String password) {}

    /** Changes to a user; null leaves a field as it is, and a managerId of 0 removes the manager. */
    public record UserChange(String displayName, String email, Role role, Boolean enabled, String password,
            Boolean away, Integer weight, Long managerId) {}

    private static final int MAX_JOB_TITLE = 200;
    private static final int MAX_PHONE = 50;
    private static final Pattern PHONE = Pattern.compile("\\+?[0-9 ()./-]*[0-9][0-9 ()./-]*");
    static final int MAX_WEIGHT = 100;
    /** Every new user's share of the round-robin (the column's default). */
    static final int DEFAULT_WEIGHT = 1;

    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._@-]+");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    private static final String COLUMNS = "id, username, display_name, email, role, enabled, created_at, away, weight,"
            + " manager_id, job_title, phone";

    private final JdbcClient jdbc;
    private final PasswordEncoder passwords;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final SignInThrottle throttle;
    private final SessionPasswords sessions;

    Users(JdbcClient jdbc, PasswordEncoder passwords, AuditLog audit, ApplicationEventPublisher events, Clock clock,
            SignInThrottle throttle, SessionPasswords sessions) {
        this.jdbc = jdbc;
        this.passwords = passwords;
        this.audit = audit;
        this.events = events;
        this.clock = clock;
        this.throttle = throttle;
        this.sessions = sessions;
    }

    public List<User> list() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM users ORDER BY id").query(User.class).list();
    }

    /** The users in id order, a page at a time. */
    public Page<User> page(String cursor, int limit) {
        return Page.of(jdbc.sql("SELECT " + COLUMNS + " FROM users WHERE id > ? ORDER BY id FETCH FIRST ? ROWS ONLY")
                .params(Cursor.decode(cursor), limit + 1).query(User.class).list(), limit, User::id);
    }

    public Optional<User> find(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM users WHERE id = ?").param(id).query(User.class).optional();
    }

    /** The users whose manager this user is (their team, whom their overdue leads come from), in id order. */
    public List<User> managedBy(long managerId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM users WHERE manager_id = ? ORDER BY id").param(managerId)
                .query(User.class).list();
    }

    /**
     * Whether the caller may read the work assigned to this user (null: to nobody): their own queue, hand-offs and
     * calls, their reps' too for a manager (whom those reps' overdue leads reach), and anyone's for ADMIN and MARKETER.
     * Acting on it stays the assignee's ({@link Caller#mayActFor}).
     */
    public boolean mayRead(Caller caller, Long assigneeId) {
        return caller.mayActFor(assigneeId) || assigneeId != null && caller.manages(find(assigneeId).orElse(null));
    }

    /** The user, while they may still act (sign in, take leads, tasks and alerts): empty once disabled or gone. */
    public Optional<User> findEnabled(long id) {
        return find(id).filter(User::enabled);
    }

    /** The user of this name, whatever its case: "Alice" and "alice" are one name (sign-in finds it the same way). */
    public Optional<User> findByUsername(String username) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM users WHERE LOWER(username) = LOWER(?)")
                .param(username)
                .query(User.class)
                .optional();
    }

    /** Where the name an API key acts under ({@link Actors#current}) starts: "api-key:nightly-sync". */
    private static final String API_KEY = "api-key:";

    /**
     * Whoever acted, named as a person reads it, from the name they acted under: a user by their display name (else
     * their username), an API key as "API key 'nightly-sync'"; any other name (the system's, a prospect's) as it is.
     */
    public String shown(String actor) {
        if (actor == null || actor.isBlank()) {
            return "someone";
        }
        if (actor.startsWith(API_KEY)) {
            return "API key '" + actor.substring(API_KEY.length()) + "'";
        }
        return findByUsername(actor).map(User::shownName).orElse(actor);
    }

    /**
     * The signed-in user whose request this is, also while a program or trigger acts in it (their permissions still
     * hold); empty for an API key or the system, which act for no person.
     */
    public Optional<User> current() {
        return findByUsername(Actors.authenticated());
    }

    /** Who is acting now, with their role as the security context holds it (an API key's role for a key). */
    public Caller caller() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        Role role = null;
        if (auth != null) {
            for (var authority : auth.getAuthorities()) {
                String name = authority.getAuthority();
                // Not every ROLE_ is ours: a public page's visitor is ROLE_ANONYMOUS, who acts as no one.
                if (name != null && name.startsWith("ROLE_")) {
                    role = java.util.Arrays.stream(Role.values()).filter(r -> r.name().equals(name.substring(5)))
                            .findFirst().orElse(role);
                }
            }
        }
        return new Caller(role, role == null ? null : current().orElse(null));
    }

    /** The signed-in person making this request; refuses an API key or the system, which act for no person. */
    public User me() {
        User user = caller().user();
        if (user == null) {
            throw new InvalidInputException("An API key acts for no user, so it has no 'me': sign in as the person,"
                    + " or use /api/v1/users/{id}", List.of());
        }
        return user;
    }

    /**
     * Changes the signed-in person's own password, given the current one. A wrong current password counts as a failed
     * sign-in from that address, and once too many have failed the change is refused unchecked, as sign-in is. The
     * person's other sessions are signed out; the one making the change stays signed in; API keys are untouched.
     *
     * @param from the address the request came from, as the sign-in throttle counts it
     */
    @Transactional
    public void changeOwnPassword(String current, String next, String from) {
        User me = me();
        if (!throttle.allowed(from, me.username())) {
            throw new TooManyAttemptsException("Too many wrong passwords from here: wait up to "
                    + SignInThrottle.WINDOW_MINUTES + " minutes, then try again",
                    java.time.Duration.ofMinutes(SignInThrottle.WINDOW_MINUTES));
        }
        String stored = jdbc.sql("SELECT password_hash FROM users WHERE id = ?").param(me.id()).query(String.class).single();
        List<FieldError> errors = new ArrayList<>();
        boolean knowsIt = current != null && passwords.matches(current, stored);
        if (!knowsIt) {
            throttle.failed(from, me.username());
            errors.add(new FieldError("current", "is not your current password"));
        }
        passwordProblem(next, java.util.Arrays.asList(me.username(), me.displayName(), me.email()))
                .ifPresentOrElse(problem -> errors.add(new FieldError("new", problem)), () -> {
            if (knowsIt && passwords.matches(next, stored)) {
                errors.add(new FieldError("new", "is your current password; choose another one"));
            }
        });
        if (!errors.isEmpty()) {
            throw new InvalidInputException("Your password was not changed: " + errors.stream()
                    .map(error -> error.field() + " " + error.message()).collect(java.util.stream.Collectors.joining("; ")),
                    errors);
        }
        String hash = passwords.encode(next);
        jdbc.sql("UPDATE users SET password_hash = ? WHERE id = ?").params(hash, me.id()).update();
        audit.record("PASSWORD_CHANGED", "user", me.id(), Map.of("by", "the user themself"));
        throttle.succeeded(from, me.username());
        sessions.keepCurrentSession(hash);
    }

    /**
     * Marks the signed-in rep away (hand-offs go past them, and stand-ins take their open ones) or back. Only a sales
     * rep takes leads, so only a rep may be away.
     */
    @Transactional
    public User markAway(boolean away) {
        User me = me();
        if (me.role() != Role.SALES) {
            throw InvalidInputException.field("away", "only a sales rep can be away (hand-offs go past reps who are);"
                    + " you are " + me.role());
        }
        return change(me.id(), new UserChange(null, null, null, null, null, away, null, null));
    }

    /**
     * What the signed-in person may change of their own account at once, all or nothing: away (a rep's), their job
     * title and phone number ({@link #changeOwnDetails}); null leaves each as it is.
     */
    @Transactional
    public User changeOwn(Boolean away, String jobTitle, String phone) {
        if (away == null && jobTitle == null && phone == null) {
            throw InvalidInputException.field("away", "give at least one of away, jobTitle and phone");
        }
        if (jobTitle != null || phone != null) {
            changeOwnDetails(jobTitle, phone);
        }
        return away == null ? me() : markAway(away);
    }

    /**
     * Sets the signed-in person's job title and phone number, as their emails and call scripts may name them (blank:
     * none); null leaves one as it is.
     */
    @Transactional
    public User changeOwnDetails(String jobTitle, String phone) {
        User me = me();
        List<FieldError> errors = new ArrayList<>();
        String title = jobTitle == null ? me.jobTitle() : detail(jobTitle, "jobTitle", MAX_JOB_TITLE, errors);
        String number = phone == null ? me.phone() : detail(phone, "phone", MAX_PHONE, errors);
        if (number != null && errors.stream().noneMatch(e -> e.field().equals("phone"))
                && !PHONE.matcher(number).matches()) {
            errors.add(new FieldError("phone", "is a phone number: digits, spaces and + ( ) - . / only, such as"
                    + " +44 20 7946 0000"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException("Your details cannot be saved as given", errors);
        }
        jdbc.sql("UPDATE users SET job_title = ?, phone = ? WHERE id = ?").params(title, number, me.id()).update();
        Map<String, Object> changed = new LinkedHashMap<>();
        changed.put("jobTitle", title);
        changed.put("phone", number);
        audit.record("USER_CHANGED", "user", me.id(), changed);
        return find(me.id()).orElseThrow();
    }

    /** A detail as stored: stripped, on one line, blank as none. */
    private static String detail(String value, String field, int max, List<FieldError> errors) {
        String stripped = value.strip();
        if (stripped.length() > max) {
            errors.add(new FieldError(field, "is at most " + max + " characters"));
        } else if (stripped.chars().anyMatch(c -> c == '\n' || c == '\r')) {
            errors.add(new FieldError(field, "is one line"));
        }
        return stripped.isEmpty() ? null : stripped;
    }

    public boolean anyAdmin() {
        return jdbc.sql("SELECT COUNT(*) FROM users WHERE role = 'ADMIN'").query(Long.class).single() > 0;
    }

    /** Creates a user; every field at fault is named at once, so a form can mark them all. */
    @Transactional
    public User create(NewUser user) {
        List<FieldError> errors = mistakes(user);
        Optional<String> taken = taken(user, errors);
        if (!errors.isEmpty()) {
            // A name already taken is a conflict on its own, but beside other mistakes it is one more to fix at once.
            taken.ifPresent(clash -> errors.addFirst(new FieldError("username", clash)));
            throw new InvalidInputException("The user cannot be created as given", errors);
        }
        if (taken.isPresent()) {
            throw new ConflictException(taken.get());
        }
        // Another request (or a second instance starting up) may create the same name between the look-up and here.
        int inserted = jdbc.sql("""
                INSERT INTO users (username, display_name, email, role, password_hash, enabled, created_at)
                VALUES (?, ?, ?, ?, ?, TRUE, ?)
                ON CONFLICT DO NOTHING""")
                .params(user.username(), user.displayName(), user.email(), user.role().name(),
                        passwords.encode(user.password()), Timestamps.now(clock))
                .update();
        if (inserted == 0) {
            throw new ConflictException("A user named '" + user.username() + "' already exists");
        }
        User created = findByUsername(user.username()).orElseThrow();
        audit.record("USER_CREATED", "user", created.id(), Map.of("username", user.username(), "role", user.role()));
        return created;
    }

    /**
     * Every mistake creating the user would meet, each at its field, a name another user has among them (which
     * creating alone refuses as a conflict); nothing is created.
     */
    public List<FieldError> problems(NewUser user) {
        List<FieldError> errors = mistakes(user);
        taken(user, errors).ifPresent(clash -> errors.addFirst(new FieldError("username", clash)));
        return errors;
    }

    private List<FieldError> mistakes(NewUser user) {
        List<FieldError> errors = new ArrayList<>();
        if (user.username() == null || user.username().isBlank()) {
            errors.add(new FieldError("username", "is required"));
        } else if (user.username().length() > 100 || !USERNAME.matcher(user.username()).matches()) {
            errors.add(new FieldError("username", "may hold up to 100 letters, digits and . _ @ - only"));
        }
        if (user.displayName() == null || user.displayName().isBlank()) {
            errors.add(new FieldError("displayName", "is required"));
        } else if (user.displayName().length() > 200) {
            errors.add(new FieldError("displayName", "must have at most 200 characters"));
        }
        if (user.email() != null && (user.email().length() > 254 || !EMAIL.matcher(user.email()).matches())) {
            errors.add(new FieldError("email", "must be an email address such as ada@example.com"));
        }
        if (user.role() == null) {
            errors.add(new FieldError("role", "is required: ADMIN, MARKETER or SALES"));
        }
        passwordProblem(user.password(), java.util.Arrays.asList(user.username(), user.displayName(), user.email()))
                .ifPresent(problem -> errors.add(new FieldError("password", problem)));
        return errors;
    }

    /** Who has the user's name, in any case, when the name itself is fine ({@code errors} say whether it is). */
    private Optional<String> taken(NewUser user, List<FieldError> errors) {
        boolean nameReadable = errors.stream().noneMatch(error -> error.field().equals("username"));
        return nameReadable ? findByUsername(user.username()).map(namesake -> namesake.username()
                .equals(user.username()) ? "A user named '" + namesake.username() + "' already exists"
                : "A user named '" + namesake.username() + "' already exists, and a username is the same name in"
                        + " capitals or small letters; choose another name") : Optional.empty();
    }

    /** Changes a user; every field at fault is named at once, so a form can mark them all. */
    @Transactional
    public User change(long id, UserChange change) {
        User user = find(id).orElseThrow(() -> NotFoundException.of("User", id));
        mayChange(user, change);
        if (change.managerId() != null && change.managerId() != 0 && !change.managerId().equals(user.managerId())) {
            // Locked in one order, so two admins making Ann Bob's manager and Bob Ann's at once go one after the other,
            // and the second sees the first's chain; people are few, so all of them are.
            jdbc.sql("SELECT id FROM users ORDER BY id FOR UPDATE").query(Long.class).list();
        }
        List<FieldError> errors = mistakes(user, change);
        if (!errors.isEmpty()) {
            throw new InvalidInputException("The user cannot be changed as given", errors);
        }
        Map<String, Object> changed = new LinkedHashMap<>();
        if (change.displayName() != null) {
            changed.put("displayName", change.displayName());
        }
        if (change.email() != null) {
            changed.put("email", change.email());
        }
        if (change.role() != null) {
            changed.put("role", change.role());
        }
        if (change.enabled() != null) {
            changed.put("enabled", change.enabled());
        }
        Long managerId = change.managerId() == null ? user.managerId() : change.managerId() == 0 ? null : change.managerId();
        if (change.managerId() != null) {
            changed.put("managerId", managerId);
        }
        if (change.away() != null) {
            changed.put("away", change.away());
        }
        if (change.weight() != null) {
            changed.put("weight", change.weight());
        }
        boolean staysAdmin = (change.role() == null ? user.role() : change.role()) == Role.ADMIN
                && (change.enabled() == null ? user.enabled() : change.enabled());
        if (user.role() == Role.ADMIN && user.enabled() && !staysAdmin) {
            User caller = caller().user();
            if (caller != null && caller.id() == id) {
                throw new ForbiddenException("You cannot disable yourself or take away your own admin role: you would"
                        + " lock yourself out in one click; ask another admin to do it");
            }
            // Locked, so two admins taking away each other's role at once go one after the other, and the second
            // counts without the first.
            List<Long> admins = jdbc.sql("SELECT id FROM users WHERE role = 'ADMIN' AND enabled ORDER BY id FOR UPDATE")
                    .query(Long.class).list();
            if (admins.stream().allMatch(admin -> admin == id)) {
                throw new ConflictException("'" + user.username() + "' is the last enabled admin; make another admin first");
            }
        }
        // A rep who takes on their first report leaves the round-robin while at the default weight: a manager at 1
        // took as many unmatched leads as each of their reps, the most of all once some of them were away.
        Optional<User> newManager = change.managerId() == null || change.managerId() == 0
                || change.managerId().equals(user.managerId()) ? Optional.empty()
                : find(change.managerId()).filter(m -> m.role() == Role.SALES && m.weight() == DEFAULT_WEIGHT
                        && managedBy(m.id()).isEmpty());
        jdbc.sql("""
                UPDATE users SET display_name = ?, email = ?, role = ?, enabled = ?,
                    password_hash = COALESCE(?, password_hash), away = ?, weight = ?, manager_id = ?
                WHERE id = ?""")
                .params(change.displayName() == null ? user.displayName() : change.displayName(),
                        change.email() == null ? user.email() : change.email(),
                        (change.role() == null ? user.role() : change.role()).name(),
                        change.enabled() == null ? user.enabled() : change.enabled(),
                        change.password() == null ? null : passwords.encode(change.password()),
                        change.away() == null ? user.away() : change.away(),
                        change.weight() == null ? user.weight() : change.weight(), managerId, id)
                .update();
        if (change.password() != null) {
            changed.put("password", "changed");
        }
        audit.record("USER_CHANGED", "user", id, changed);
        newManager.ifPresent(manager -> {
            jdbc.sql("UPDATE users SET weight = 0 WHERE id = ?").param(manager.id()).update();
            audit.record("USER_CHANGED", "user", manager.id(), Map.of("weight", 0, "why", "manages "
                    + user.username() + " now, their first rep: out of the round-robin until an admin gives them a weight"));
        });
        if (user.enabled() && Boolean.FALSE.equals(change.enabled())) {
            events.publishEvent(new UserDisabled(id));
        }
        return find(id).orElseThrow();
    }

    /**
     * Every mistake changing the user would meet, each at its field; nothing is changed. Whether the caller may take
     * the change (their own admin role, the last admin) is changing's to say. None for a user there is not.
     */
    public List<FieldError> problems(long id, UserChange change) {
        return find(id).map(user -> {
            mayChange(user, change);
            return mistakes(user, change);
        }).orElse(List.of());
    }

    /**
     * Refuses what a SALES caller may not change: a sales manager marks the reps they manage away or back and sets
     * their share of the round-robin (HubSpot-like team management), and a rep marks themselves away or back; roles,
     * managers, names, addresses, passwords and every other user are an admin's (the only other role let in).
     */
    private void mayChange(User user, UserChange change) {
        Caller caller = caller();
        if (caller.role() != Role.SALES) {
            return;
        }
        boolean self = caller.user() != null && caller.user().id() == user.id();
        if (!self && !caller.manages(user)) {
            throw new ForbiddenException(caller.user() == null
                    ? "A SALES API key manages no rep: log in as the rep's manager, or ask an admin"
                    : user.username() + " is not one of your reps: a sales manager marks the reps they manage away or"
                            + " back and sets their round-robin weight; anyone else is changed by an admin");
        }
        List<String> others = new ArrayList<>();
        if (change.displayName() != null || change.email() != null || change.password() != null) {
            others.add("name, email and password");
        }
        if (change.role() != null || change.enabled() != null) {
            others.add("role and whether they may sign in");
        }
        if (change.managerId() != null) {
            others.add("manager");
        }
        if (self && change.weight() != null) {
            others.add("your own round-robin weight");
        }
        if (!others.isEmpty()) {
            throw new ForbiddenException("A sales manager changes only whether their reps are away and their"
                    + " round-robin weight (a rep only whether they are away); " + String.join(", ", others)
                    + " are an admin's to change. Nothing was changed");
        }
    }

    private List<FieldError> mistakes(User user, UserChange change) {
        List<FieldError> errors = new ArrayList<>();
        if (change.displayName() != null && (change.displayName().isBlank() || change.displayName().length() > 200)) {
            errors.add(new FieldError("displayName", "must have 1 to 200 characters"));
        }
        if (change.email() != null && (change.email().length() > 254 || !EMAIL.matcher(change.email()).matches())) {
            errors.add(new FieldError("email", "must be an email address such as ada@example.com"));
        }
        if (change.password() != null) {
            passwordProblem(change.password(), java.util.Arrays.asList(user.username(), user.displayName(),
                    user.email(), change.displayName(), change.email()))
                    .ifPresent(problem -> errors.add(new FieldError("password", problem)));
        }
        managerProblem(user, change.managerId()).ifPresent(problem -> errors.add(new FieldError("managerId", problem)));
        if (change.weight() != null && (change.weight() < 0 || change.weight() > MAX_WEIGHT)) {
            errors.add(new FieldError("weight", "must be between 0 and " + MAX_WEIGHT + ", not " + change.weight()));
        }
        return errors;
    }

    /**
     * What is wrong with the manager asked for: none (null) keeps the one there is, 0 removes them. The manager they
     * have is no change, so a loop saved before loops were refused does not block saving the rest of their row.
     */
    private Optional<String> managerProblem(User user, Long requested) {
        if (requested == null || requested == 0 || requested.equals(user.managerId())) {
            return Optional.empty();
        }
        if (requested == user.id()) {
            return Optional.of("must name another user, not the user themselves");
        }
        Optional<User> manager = find(requested);
        if (manager.isEmpty()) {
            return Optional.of("no user has the id " + requested);
        }
        if (!manager.get().enabled()) {
            return Optional.of(manager.get().username() + " is disabled: overdue leads would reach nobody");
        }
        return managedFrom(manager.get(), user.id()).map(chain -> chain + " already: a manager cannot be managed by"
                + " their own report");
    }

    /**
     * The loop of managers a user is in, in words ("Ann is managed by Bob, who is managed by Ann"; "Ann is managed by
     * Ann"), when following their managers comes back to them: saved before such a change was refused, it stays until
     * an admin changes a manager in it (other changes to its users are saved). Empty when the user is in no loop (one
     * above them does not count).
     */
    public Optional<String> managerLoop(User user) {
        return managedFrom(user, user.id());
    }

    /**
     * The chain of managers from a user up to another, in words ("Tess is managed by Mike, who is managed by Maria"),
     * when the other is above them: making the other managed by them would close a loop in which overdue leads
     * escalate round and round, and each sees the other's leads. Empty when the other is not above them. Each manager
     * is visited once, so a loop higher up ends the walk.
     */
    private Optional<String> managedFrom(User from, long above) {
        StringBuilder chain = new StringBuilder(from.shownName());
        Set<Long> seen = new HashSet<>();
        String joint = " is managed by ";
        for (User at = from; at.managerId() != null && seen.add(at.managerId()); joint = ", who is managed by ") {
            Optional<User> manager = find(at.managerId());
            if (manager.isEmpty()) {
                return Optional.empty();
            }
            at = manager.get();
            chain.append(joint).append(at.shownName());
            if (at.id() == above) {
                return Optional.of(chain.toString());
            }
        }
        return Optional.empty();
    }

    /** What is wrong with a password for any user, the first admin's included; empty when nothing is. */
    public static Optional<String> passwordProblem(String password) {
        return passwordProblem(password, List.of());
    }

    /**
     * What is wrong with a password for the user these words describe (their username, name, address); empty when
     * nothing is. Beyond the length, as NIST SP 800-63B asks: not a commonly used password, nor one a guesser tries
     * early (one character repeated, a sequence, a keyboard row, a common word with digits), nor made of the user's
     * own name or address, as zxcvbn estimates them from its bundled lists. No rules of character kinds.
     */
    public static Optional<String> passwordProblem(String password, List<String> aboutTheUser) {
        if (password == null || password.length() < 12) {
            return Optional.of("must have at least 12 characters");
        }
        // BCrypt reads at most 72 bytes and refuses more: say so instead of failing.
        if (password.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 72) {
            return Optional.of("must be at most 72 bytes (72 letters of the Latin alphabet, fewer of others)");
        }
        List<String> words = new ArrayList<>();
        aboutTheUser.stream().filter(w -> w != null && !w.isBlank()).forEach(w -> {
            words.add(w.strip());
            words.addAll(List.of(w.strip().split("[\\s@._-]+")));
        });
        Strength strength = STRENGTH.measure(password, words);
        if (strength.getScore() >= MIN_STRENGTH) {
            return Optional.empty();
        }
        String warning = strength.getFeedback().getWarning(java.util.Locale.ENGLISH);
        return Optional.of("is too easy to guess" + (warning == null || warning.isBlank() ? ""
                : " (" + warning.replaceAll("\\.$", "") + ")") + ": choose a longer phrase of three or four"
                + " unrelated words, with spaces or hyphens if you like, and not a common password, one character"
                + " repeated, a sequence such as abcd or 1234, or your own name or address");
    }
}
