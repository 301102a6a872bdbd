package io.keepwarm;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Keepwarm: the keep-warm queue between marketing and sales. */
@SpringBootApplication
public class KeepwarmApplication {

    public static void main(String[] args) {
        SpringApplication.run(KeepwarmApplication.class, args);
    }
}
