package io.keepwarm.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import io.keepwarm.identity.Role;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * The signed-in pages tell the browser to run only Keepwarm's own scripts and styles and to send no address of theirs
 * to another site; the pages that show an author's email or landing page allow its inline styles and images.
 */
@KeepwarmTest
class StaffPageHeadersTest {

    @Autowired Api api;

    @Test
    void aStaffPageRunsOnlyKeepwarmsOwnScriptsAndStylesAndKeepsItsAddressToItself() throws Exception {
        for (String page : new String[] {"/", "/ui/contacts", "/login"}) {
            MockHttpServletResponse response = page(page);
            String policy = response.getHeader("Content-Security-Policy");
            assertThat(policy).as(page).contains("default-src 'none'", "script-src 'self'", "style-src 'self';",
                    "frame-ancestors 'none'", "form-action 'self'").doesNotContain("unsafe");
            assertThat(response.getHeader("Referrer-Policy")).as(page).isEqualTo("same-origin");
        }
    }

    @Test
    void theContentEditorAllowsThePreviewsInlineStylesAndImagesButNoScriptButKeepwarms() throws Exception {
        String policy = page("/ui/content/new").getHeader("Content-Security-Policy");

        assertThat(policy).contains("script-src 'self';", "style-src 'self' 'unsafe-inline'", "img-src 'self' data: https:");
        assertThat(page("/ui/content/new").getHeader("Referrer-Policy")).isEqualTo("same-origin");
    }

    private MockHttpServletResponse page(String path) throws Exception {
        return api.mvc().perform(get(path).with(user(api.sessionUser(Role.MARKETER)).roles("MARKETER")))
                .andReturn().getResponse();
    }
}
