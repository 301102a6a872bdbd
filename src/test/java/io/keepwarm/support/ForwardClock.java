package io.keepwarm.support;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * Fails the test that took the shared clock back by a path around {@link TestClock}: the tests after it would find
 * what the tests before it stored in their future.
 */
public final class ForwardClock implements AfterEachCallback {

    @Override
    public void afterEach(ExtensionContext context) {
        SpringExtension.getApplicationContext(context).getBean(TestClock.class).notBehind();
    }
}
