package dev.coral.agent.plugin.staticfilter.core;

import dev.coral.agent.plugin.staticfilter.config.StaticFilterConfig;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import java.util.HashMap;
import java.util.Map;

/** Picks the judge for a resource's spans: its service's override, else the default rules. */
public final class ServiceJudges {
    static final String SERVICE_NAME = "service.name";

    private final SpanJudge defaultJudge;
    private final Map<String, SpanJudge> byService;

    public ServiceJudges(StaticFilterConfig config) {
        this.defaultJudge = new SpanJudge(config.rules());
        Map<String, SpanJudge> judges = new HashMap<>();
        config.services().forEach((service, rules) -> judges.put(service, new SpanJudge(rules)));
        this.byService = Map.copyOf(judges);
    }

    public SpanJudge forResource(Resource resource) {
        if (byService.isEmpty()) {
            return defaultJudge; // no overrides: skip the attribute scan
        }
        String service = serviceName(resource);
        SpanJudge judge = service == null ? null : byService.get(service);
        return judge != null ? judge : defaultJudge;
    }

    private static String serviceName(Resource resource) {
        for (KeyValue kv : resource.getAttributesList()) {
            if (kv.getKey().equals(SERVICE_NAME) && kv.getValue().getValueCase() == AnyValue.ValueCase.STRING_VALUE) {
                return kv.getValue().getStringValue();
            }
        }
        return null;
    }
}
