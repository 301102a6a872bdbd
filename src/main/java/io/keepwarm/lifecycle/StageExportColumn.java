package io.keepwarm.lifecycle;

import io.keepwarm.contact.ContactExportColumns;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/** Each contact's stage in the contacts export, as the API names it (NEW where none was recorded). */
@Component
@Order(1)
class StageExportColumn implements ContactExportColumns {

    private final Lifecycle lifecycle;

    StageExportColumn(Lifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    @Override
    public List<String> headers() {
        return List.of("stage");
    }

    @Override
    public Map<Long, List<Object>> cells(List<Long> contactIds) {
        Map<Long, List<Object>> cells = new HashMap<>();
        lifecycle.stagesOf(contactIds).forEach((id, stage) -> cells.put(id, List.of(stage)));
        return cells;
    }
}
