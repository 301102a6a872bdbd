package io.keepwarm.identity.web;

import io.keepwarm.identity.ApiKeys;
import io.keepwarm.identity.Role;
import io.keepwarm.platform.Cursor;
import io.keepwarm.platform.Page;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** API keys: created (shown once), listed, read one by one, revoked. */
@RestController
@RequestMapping("/api/v1/api-keys")
class ApiKeyController {

    record NewApiKeyRequest(@NotBlank @Size(max = 100) String name, @NotNull Role role) {}

    private final ApiKeys apiKeys;

    ApiKeyController(ApiKeys apiKeys) {
        this.apiKeys = apiKeys;
    }

    @GetMapping
    Page<ApiKeys.ApiKey> list(@RequestParam(required = false) String cursor,
            @RequestParam(required = false) Integer limit) {
        return apiKeys.page(cursor, Cursor.limit(limit));
    }

    @GetMapping("/{id}")
    ApiKeys.ApiKey one(@PathVariable long id) {
        return apiKeys.get(id);
    }

    @PostMapping
    ResponseEntity<ApiKeys.CreatedApiKey> create(@Valid @RequestBody NewApiKeyRequest request) {
        ApiKeys.CreatedApiKey created = apiKeys.create(request.name(), request.role());
        return ResponseEntity.created(URI.create("/api/v1/api-keys/" + created.apiKey().id())).body(created);
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void revoke(@PathVariable long id) {
        apiKeys.revoke(id);
    }
}
