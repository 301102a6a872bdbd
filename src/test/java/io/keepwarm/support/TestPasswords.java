package io.keepwarm.support;

import java.util.Map;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * BCrypt at its lowest cost for the tests' users: the same algorithm and stored form as in production, where each
 * hash costs a thousand times less work than production's cost 10 (about 70 ms of CPU each, several hundred ms on a
 * loaded machine), and the suite creates and signs in thousands of users. A password's check runs at the cost its
 * stored hash names, so signing in is as cheap as creating.
 */
@TestConfiguration(proxyBeanMethods = false)
public class TestPasswords {

    @Bean
    @Primary
    PasswordEncoder cheapPasswords() {
        return new DelegatingPasswordEncoder("bcrypt", Map.of("bcrypt", new BCryptPasswordEncoder(4)));
    }
}
