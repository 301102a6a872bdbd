package io.keepwarm.platform.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Names the API in its OpenAPI description and says how to authenticate: an API key as a bearer token. */
@Configuration(proxyBeanMethods = false)
class ApiDocsConfiguration {

    static {
        // A body taken as BodyAsRead<Draft> is documented as the Draft it is: springdoc unwraps the types named here.
        org.springdoc.core.utils.SpringDocUtils.getConfig().addResponseWrapperToIgnore(BodyAsRead.class);
    }

    @Bean
    OpenAPI keepwarmApi() {
        return new OpenAPI()
                .info(new Info().title("Keepwarm API").version("v1")
                        .description("Contacts, consent, imports and the rest of the keep-warm queue. Errors are"
                                + " RFC 9457 problem details; POST honours Idempotency-Key."))
                .components(new Components().addSecuritySchemes("apiKey",
                        new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                                .description("An API key created by an admin, sent as 'Authorization: Bearer kw_...'")))
                .addSecurityItem(new SecurityRequirement().addList("apiKey"));
    }
}
