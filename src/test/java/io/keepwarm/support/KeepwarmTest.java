package io.keepwarm.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

/**
 * A full-context test on the database of this run: H2 in the first surefire run, PostgreSQL in the second.
 * All such tests in one test JVM share one Spring context per run; each makes its own data (unique emails) and so never
 * depends on what another left behind.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("db")
@ExtendWith({TestDatabase.class, ForwardClock.class})
@SpringBootTest
@AutoConfigureMockMvc
@ActiveProfiles(resolver = TestDatabase.class)
@Import({CleanDatabase.class, Api.class, TestMail.class, InDoubtMessages.class, TestClock.class, TestPasswords.class})
public @interface KeepwarmTest {}
