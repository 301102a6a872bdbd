package io.keepwarm.delivery.internal;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What an operator is told of the DKIM key file they point Keepwarm at, before any mail is signed with it. */
class DkimKeyFileTest {

    @TempDir
    Path dir;

    private static MailSettings signingWith(Path key) {
        return new MailSettings("news@example.com", null, null, null, "1 Main St", null, null, null, null, null, null,
                null, new MailSettings.Dkim("example.com", "s1", key.toString()), null, null);
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    @Test
    void aPkcs1KeyFromOpensslGenrsaIsRefusedWithTheCommandThatConvertsIt() throws Exception {
        var generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        byte[] pkcs8 = generator.generateKeyPair().getPrivate().getEncoded();
        Path good = Files.writeString(dir.resolve("dkim.pem"), pem("PRIVATE KEY", pkcs8));
        // A 2048-bit RSA key's PKCS#8 form is a 26-byte header before the PKCS#1 key itself.
        Path old = Files.writeString(dir.resolve("old.pem"), pem("RSA PRIVATE KEY", Arrays.copyOfRange(pkcs8, 26, pkcs8.length)));

        assertThatCode(() -> new MailComposer(signingWith(good), Clock.systemUTC(), false)).doesNotThrowAnyException();
        assertThatThrownBy(() -> new MailComposer(signingWith(old), Clock.systemUTC(), false))
                .hasMessageContaining("KEEPWARM_MAIL_DKIM_PRIVATE_KEY")
                .hasMessageContaining("PKCS#1")
                .hasMessageContaining("openssl pkcs8 -topk8 -nocrypt -in " + old);
    }

    @Test
    void aKeyFileThatIsNotThereIsSaidSo() {
        Path missing = dir.resolve("nowhere.pem");

        assertThatThrownBy(() -> new MailComposer(signingWith(missing), Clock.systemUTC(), false))
                .hasMessageContaining("KEEPWARM_MAIL_DKIM_PRIVATE_KEY) names " + missing + ", and there is no such file");
    }
}
