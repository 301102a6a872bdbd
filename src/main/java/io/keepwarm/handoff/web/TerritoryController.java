package io.keepwarm.handoff.web;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.keepwarm.handoff.Territories;
import io.keepwarm.handoff.Territory;
import io.keepwarm.platform.Cursor;
import io.keepwarm.platform.Page;
import java.net.URI;
import java.util.List;
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

/** Territory rules: which rep gets the new leads of a region or industry. */
@RestController
@RequestMapping("/api/v1/territories")
class TerritoryController {

    private final Territories territories;

    TerritoryController(Territories territories) {
        this.territories = territories;
    }

    @GetMapping
    Page<Territory> list(@RequestParam(required = false) String cursor,
            @RequestParam(required = false) Integer limit) {
        return territories.page(cursor, Cursor.limit(limit));
    }

    @GetMapping("/{id}")
    Territory one(@PathVariable long id) {
        return territories.get(id);
    }

    /** A rule as saved, with what the territory form says on saving it ({@link Territories#warnings}). */
    record SavedTerritory(@JsonUnwrapped Territory territory, List<String> warnings) {}

    @PostMapping
    ResponseEntity<SavedTerritory> add(@RequestBody Territories.NewTerritory rule) {
        Territory territory = territories.add(rule);
        return ResponseEntity.created(URI.create("/api/v1/territories/" + territory.id()))
                .body(new SavedTerritory(territory, territories.warnings(rule, territory)));
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void remove(@PathVariable long id) {
        territories.remove(id);
    }
}
